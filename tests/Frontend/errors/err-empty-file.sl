# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-empty-file.sl:6:1: error: expected 'model', found end of file
# (the error is at the end of the file: no source line is shown)
#
# nothing but comments
