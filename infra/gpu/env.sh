#!/bin/bash
# Prints the environment that points DJL at the PyTorch python imports and at the JNI that build-djl-jni.sh built
# for it. Use: eval "$(infra/gpu/env.sh)"   (PYTHON=... picks another python; DJL_CACHE_DIR as for the build)
PYTHON=${PYTHON:-python3}
fail() { echo "echo 'infra/gpu/env.sh: $*' >&2; false"; exit 1; }
info=$("$PYTHON" -c "import os,torch; print(os.path.dirname(torch.__file__), torch.__version__.split('+')[0], ('cu'+torch.version.cuda.replace('.','')) if torch.version.cuda else 'cpu')" 2>/dev/null) \
  || fail "cannot import torch with $PYTHON"
read -r dir ver flavor <<<"$info"
cache=${DJL_CACHE_DIR:-$HOME/.djl.ai}
jni=$cache/pytorch/$ver-$flavor-linux-x86_64/0.36.0-libdjl_torch.so
[[ -f $jni ]] || fail "no $jni: run infra/gpu/build-djl-jni.sh DJL_SOURCE_DIR first"
echo "export PYTORCH_LIBRARY_PATH=$dir/lib PYTORCH_VERSION=$ver PYTORCH_FLAVOR=$flavor DJL_CACHE_DIR=$cache"
