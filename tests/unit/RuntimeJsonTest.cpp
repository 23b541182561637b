//===- RuntimeJsonTest.cpp - The manifest's JSON reader and plan reader ---===//

#include "runtime/Json.h"
#include "runtime/PlanJson.h"

#include <gtest/gtest.h>

#include <climits>
#include <string>

using namespace sluice::runtime;
using json::JsonError;

namespace {
/// The message of the JsonError `text` raises ("" when it parses).
std::string parseError(const std::string &text) {
  try {
    json::parse(text);
  } catch (const JsonError &e) {
    return e.what();
  }
  return "";
}

/// A plan with one of everything the reader validates.
Plan samplePlan() {
  Plan plan;
  plan.model = "m \"quoted\"\n";
  plan.dimNames = {"B", "T"};
  plan.numCounters = 1;
  BufferSpec arg;
  arg.kind = BufferSpec::Kind::Argument;
  arg.index = 0;
  arg.shape = {SizeExpr::dim(0), SizeExpr::dim(1).ceilDiv(4)};
  arg.name = "x";
  BufferSpec result = arg;
  result.kind = BufferSpec::Kind::Result;
  result.dtype = DType::BF16;
  result.name = "y";
  plan.buffers = {arg, result};
  plan.arguments = {ValueSpec{"x", false, DType::F32, {0, -1}, {0, 5}, 0}};
  plan.results = {ValueSpec{"y", false, DType::BF16, {0, 1}, {0, 0}, 1}};
  plan.requirements = {Requirement{SizeExpr::dim(1), 2, "needs two steps"}};
  Step kernel;
  kernel.name = "sl_k_0";
  kernel.buffers = {0, 1};
  kernel.range = SizeExpr::dim(0) * SizeExpr::dim(1);
  kernel.rowItems = SizeExpr::dim(1);
  kernel.guardMax = INT64_MAX;
  kernel.guardMin = INT64_MIN;
  Step loop;
  loop.kind = Step::Kind::Loop;
  loop.counter = 2;
  loop.reverse = true;
  loop.range = SizeExpr::dim(1);
  loop.body = {kernel};
  plan.steps = {kernel, loop};
  return plan;
}
} // namespace

TEST(Json, ValuesAndErrors) {
  json::Value v = json::parse(
      R"({"a": [1, -2, true, null, "s\n\u00e9\"\\"], "b": {"c": 9223372036854775807, "d": -9223372036854775808}})");
  EXPECT_EQ(v.at("a").asArray()[1].asInt(), -2);
  EXPECT_EQ(v.at("a").asArray()[4].asString(), "s\n\xc3\xa9\"\\");
  EXPECT_EQ(v.at("b").at("c").asInt(), INT64_MAX);
  EXPECT_EQ(v.at("b").at("d").asInt(), INT64_MIN);
  EXPECT_FALSE(v.has("z"));
  EXPECT_THROW(v.at("z"), JsonError);
  try {
    v.at("a").asArray()[0].asString();
    FAIL();
  } catch (const JsonError &e) {
    EXPECT_STREQ(e.what(), "'a[0]' must be a string, got an integer");
  }
  EXPECT_EQ(parseError("{\"a\": 9223372036854775808}"),
            "line 1, column 25: integer out of the range of int64");
  EXPECT_EQ(parseError("[1.5]"),
            "line 1, column 3: only integers are expected in a manifest");
  EXPECT_EQ(parseError("{\"a\": 1, \"a\": 2}"),
            "line 1, column 10: duplicate member 'a'");
  EXPECT_EQ(parseError("[1]\n x"),
            "line 2, column 2: unexpected text after the document");
  EXPECT_EQ(parseError("\"a\tb\""),
            "line 1, column 3: a control character in a string");
  EXPECT_EQ(parseError(""), "line 1, column 1: unexpected end of the document");
  EXPECT_NE(parseError(std::string(100000, '[')).find("nesting deeper than 64"),
            std::string::npos);
  EXPECT_EQ(parseError("[\"\\u12\"]"), "line 1, column 7: bad \\u escape");
  // quote() and parse() are inverses, control characters included.
  std::string all;
  for (int c = 1; c < 128; ++c)
    all += static_cast<char>(c);
  EXPECT_EQ(json::parse(json::quote(all)).asString(), all);
}

TEST(PlanJson, RoundTripsEveryField) {
  Plan plan = samplePlan();
  std::string text = planToJson(plan);
  Plan again = planFromJson(json::parse(text));
  EXPECT_EQ(planToJson(again), text);
  EXPECT_EQ(again.str(), plan.str());
  EXPECT_EQ(again.steps[0].guardMin, INT64_MIN);
  EXPECT_EQ(again.steps[0].guardMax, INT64_MAX);
  EXPECT_EQ(again.steps[1].body.size(), 1u);
  EXPECT_EQ(again.buffers[1].dtype, DType::BF16);
  EXPECT_EQ(again.arguments[0].literal[1], 5);
  EXPECT_EQ(again.requirements[0].message, "needs two steps");
  EXPECT_NE(text.find("\"row_items\""), std::string::npos);
  EXPECT_NE(again.str().find("items B*T in rows of T"), std::string::npos);
}

TEST(PlanJson, RowsAreOptional) {
  // A plan written before Step::rowItems has none: its kernels take no rows.
  Plan plan = samplePlan();
  plan.steps[0].rowItems = SizeExpr::literal(0);
  plan.steps[1].body[0].rowItems = SizeExpr::literal(0);
  std::string text = planToJson(plan);
  EXPECT_EQ(text.find("row_items"), std::string::npos);
  Plan again = planFromJson(json::parse(text));
  EXPECT_EQ(again.steps[0].rowItems.constant, 0);
}

TEST(PlanJson, GuardOnStepsRoundTripsAndIsOptional) {
  // A schedule's guard on the scanned steps (Step::minSteps) is written
  // only where there is one, reads back, and prints after the channel guard.
  Plan plan = samplePlan();
  Step &lookback = plan.steps[0];
  lookback.guard = SizeExpr::dim(0);
  lookback.guardMin = 0;
  lookback.guardMax = 128;
  lookback.guardPerThread = true;
  lookback.stepGuard = SizeExpr::dim(1);
  lookback.minSteps = 1024;
  std::string text = planToJson(plan);
  Plan again = planFromJson(json::parse(text));
  EXPECT_EQ(planToJson(again), text);
  EXPECT_EQ(again.steps[0].minSteps, 1024);
  EXPECT_FALSE(again.steps[0].runsOnFewSteps);
  EXPECT_NE(again.str().find("when B < 128*threads and T >= 1024"),
            std::string::npos)
      << again.str();
  plan.steps[0].runsOnFewSteps = true;
  plan.steps[0].guardMin = 128;
  plan.steps[0].guardMax = INT64_MAX;
  EXPECT_NE(plan.str().find("when 128*threads <= B or T < 1024"),
            std::string::npos)
      << plan.str();
  EXPECT_EQ(planToJson(samplePlan()).find("min_steps"), std::string::npos);
  EXPECT_EQ(
      planFromJson(json::parse(planToJson(samplePlan()))).steps[0].minSteps, 0);
}

TEST(PlanJson, GuardOnRowWidthRoundTripsAndIsOptional) {
  // The guard on a channel-parallel kernel's row width (Step::widthGuard)
  // is written only where there is one, reads back, prints after the
  // others, and a range that holds no width is an error.
  Plan plan = samplePlan();
  Step &step = plan.steps[0];
  step.widthGuard = SizeExpr::dim(1);
  step.widthMax = 4;
  std::string text = planToJson(plan);
  Plan again = planFromJson(json::parse(text));
  EXPECT_EQ(planToJson(again), text);
  EXPECT_EQ(again.steps[0].widthMax, 4);
  EXPECT_EQ(again.steps[0].widthMin, 0);
  EXPECT_NE(again.str().find("when T < 4"), std::string::npos) << again.str();
  step.widthMin = 4;
  step.widthMax = INT64_MAX;
  step.guard = SizeExpr::dim(0);
  step.guardMin = 2;
  step.guardPerThread = true;
  EXPECT_NE(plan.str().find("when 2*threads <= B; and 4 <= T"),
            std::string::npos)
      << plan.str();
  EXPECT_EQ(planToJson(samplePlan()).find("width_guard"), std::string::npos);
  std::string bad = text;
  size_t at = bad.find("\"width_max\": 4");
  ASSERT_NE(at, std::string::npos) << bad;
  bad.replace(at, 14, "\"width_max\": 0");
  EXPECT_THROW(planFromJson(json::parse(bad)), std::exception);
}

TEST(PlanJson, OutOfRangeIndicesAreErrors) {
  auto errorOf = [](const std::string &from, const std::string &to) {
    std::string text = planToJson(samplePlan());
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    try {
      planFromJson(json::parse(text));
    } catch (const JsonError &e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(errorOf("\"buffer\": 0", "\"buffer\": 2"),
            "'arguments[0].buffer' names buffer 2 of 2");
  EXPECT_EQ(errorOf("\"counter\": 2", "\"counter\": 1"),
            "'steps[1]' has loop counter 1 outside the plan's counters");
  EXPECT_EQ(errorOf("\"kind\": \"result\",\n      \"index\": 0",
                    "\"kind\": \"result\",\n      \"index\": 1"),
            "'buffers[1].index' names result 1 of 1");
  EXPECT_EQ(errorOf("[1, [0], 1]", "[1, [3], 1]"),
            "'buffers[0].shape[0][1][0]' names dim 3 of 3");
  EXPECT_EQ(errorOf("[1, [1], 4]", "[1, [1], 0]"),
            "'buffers[0].shape[1][2]' must be positive");
  EXPECT_EQ(errorOf("\"dtype\": \"f32\"", "\"dtype\": \"i8\""),
            "'buffers[0].dtype' is not a dtype: 'i8'");
  EXPECT_EQ(errorOf("\"kind\": \"loop\"", "\"kind\": \"jump\""),
            "'steps[1].kind' is not a step kind: 'jump'");
  EXPECT_EQ(errorOf("\"name\": \"sl_k_0\"", "\"name\": \"\""),
            "'steps[0]' is a kernel step without a symbol");
  EXPECT_EQ(errorOf("\"dims\": [0, -1]", "\"dims\": [0, -2]"),
            "'arguments[0].dims[1]' names dim -2 of 2");
  // Requirements are checked before the loop counters exist.
  EXPECT_EQ(errorOf("\"size\": [1, [1], 1]", "\"size\": [1, [2], 1]"),
            "'requirements[0].size[1][0]' names dim 2 of 2");
  EXPECT_EQ(errorOf("\"literal\": [0, 5]", "\"literal\": [0]"),
            "'arguments[0].literal' must have one entry per dim");
}
