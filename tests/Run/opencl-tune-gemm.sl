# `sluice-run --tune` tunes CLBlast's Xgemm kernel at a model's f32 matrix
# products (runtime/opencl/GemmTuning.h) on the test device (PoCL in CI):
# the table lists CLBlast's own parameters and the candidates, each checked
# against CLBlast's own product; the winner goes to the tuning cache's
# "gemm" entries, which later runs read and still match the float64
# reference. Hawk's two input projections are [B*T, D] @ [D, D]: 4096 x 512
# x 512 runs CLBlast's Xgemm (a smaller product its XgemmDirect, which is
# not tuned: said so). An entry that breaks CLBlast's constraints is a
# warning and the run still matches.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t/work
# RUN: %no-leak-check sluice compile %examples/hawk_rglru.sl --target opencl -o %t/hawk
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/tuning.json sluice-run %t/hawk --tune --tune-random 1 --random B=4,T=1024,D=512 --seed 3 | FileCheck %s
# CHECK: device: {{.+}}
# CHECK: tune model=hawk_rglru kernel=Xgemm.f32 size_class=m12.n9.k9 m=4096 n=512 k=512
# CHECK-NEXT: ms  check  parameters
# CHECK-NEXT: {{^ *}}[[OWN:[0-9.]+]]  ok     CLBlast's own{{$}}
# CHECK-NEXT: {{^ *}}{{[0-9.]+}}  ok     MWG={{[0-9]+}} NWG={{[0-9]+}} KWG={{[0-9]+}} MDIMC={{[0-9]+}} NDIMC={{[0-9]+}} MDIMA={{[0-9]+}} NDIMB={{[0-9]+}} VWM={{[0-9]+}} VWN={{[0-9]+}} SA={{[01]}} SB={{[01]}} STRM={{[01]}} STRN={{[01]}} KWI={{[0-9]+}} GEMMK={{[01]}} KREG={{[0-9]+}}{{$}}
# CHECK-NEXT: winner: ms={{[0-9.]+}} {{.+}} ({{[0-9.]+}}x CLBlast's own)
# CHECK-NEXT: tuning cache: {{.*}}tuning.json (1 entry)
# RUN: FileCheck %s --check-prefix=FILE --input-file %t/tuning.json
# FILE: "gemm": [
# FILE-NEXT: {"device": "{{.+}}", "kernel": "Xgemm.f32", "size_class": "m12.n9.k9", "parameters": [{{.*}}], "microseconds": {{[0-9]+}}}
# FILE-NEXT: ]}
#
# A run at the tuned size reads the entry and matches the reference.
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/tuning.json %python %S/Inputs/target-matches-reference.py --target opencl --only hawk_rglru %examples %t/work B=4,T=1024,*=512 | FileCheck %s --check-prefix=MATCH
# MATCH: hawk_rglru B=4,T=1024,D=512 (artifact): opencl matches the reference
#
# A candidate forced into the entry (the 128 x 128 tile) runs right too.
# RUN: %python -c "import json,sys; d=json.load(open(sys.argv[1])); p=dict(GEMMK=0,KREG=1,KWG=32,KWI=2,MDIMA=16,MDIMC=16,MWG=128,NDIMB=16,NDIMC=16,NWG=128,SA=1,SB=1,STRM=1,STRN=1,VWM=4,VWN=4); d['gemm'][0]['parameters']=[[k,v] for k,v in p.items()]; json.dump(d,open(sys.argv[2],'w'))" %t/tuning.json %t/forced.json
# RUN: rm -rf %t/work && mkdir -p %t/work
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/forced.json %python %S/Inputs/target-matches-reference.py --target opencl --only hawk_rglru %examples %t/work B=4,T=1024,*=512 | FileCheck %s --check-prefix=MATCH
#
# An entry breaking CLBlast's constraints (MWG = 7): one warning, the right
# product with CLBlast's own parameters.
# RUN: %python -c "import json,sys; d=json.load(open(sys.argv[1])); d['gemm'][0]['parameters']=[[k,7 if k=='MWG' else v] for k,v in d['gemm'][0]['parameters']]; json.dump(d,open(sys.argv[2],'w'))" %t/forced.json %t/bad.json
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/bad.json sluice-run %t/hawk --random B=4,T=1024,D=512 --seed 3 --output-dir %t/bad 2>&1 | FileCheck %s --check-prefix=BAD
# BAD: sluice: warning: ignoring the tuning cache's CLBlast parameters for matrix products of size class m12.n9.k9 on {{.+}}: MWG is not a multiple of MDIMC*VWM and MDIMA*VWM; CLBlast's own are used
# BAD-NOT: warning
# BAD: h: shape [4, 1024, 512], f32, written to
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/none.json sluice-run %t/hawk --random B=4,T=1024,D=512 --seed 3 --output-dir %t/plain
# RUN: cmp %t/bad/h.npy %t/plain/h.npy
#
# Below CLBlast's Xgemm size nothing is tried.
# RUN: %no-leak-check env SLUICE_TUNING_CACHE=%t/small.json sluice-run %t/hawk --tune --tune-random 1 --random B=1,T=64,D=32 | FileCheck %s --check-prefix=SMALL
# SMALL: tune model=hawk_rglru kernel=Xgemm.f32 size_class=m6.n5.k5 m=64 n=32 k=32
# SMALL-NEXT: CLBlast runs XgemmDirect at this size (nothing to tune)
