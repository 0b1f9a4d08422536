#!/usr/bin/env bash
# Builds the image the FlinkDeployment in pegs-gpu.yaml runs: Flink's official 1.19 Java 17 image, plus DJL with
# its CUDA 12.4 natives on the Flink classpath (/opt/flink/lib, loaded parent-first: once per TaskManager JVM),
# Flink's GPU external-resource plugin, and the job jar built with the gpu profile in /opt/flink/usrlib.
#   infra/k8s/build-image.sh [image-tag]      (needs a Docker engine; push the tag where your cluster pulls from)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
TAG="${1:-fullspectrum-flink:0.1.0-cu124}"
export FS_GPU=1
source infra/flink/versions.sh
CTX=target/k8s-image
rm -rf "$CTX" && mkdir -p "$CTX/lib" "$CTX/plugins/external-resource-gpu"
mvn -B -q -Pflink,gpu package -DskipTests
cp target/fullspectrum-job.jar "$CTX/"
# DJL and what it needs, from the cluster pom; Flink's own jars come with the base image.
mvn -B -q -f infra/flink/pom.xml -Dflink.version="$FLINK_VERSION" -Ddjl.version="$DJL_VERSION" \
  -Dpytorch.version="$PYTORCH_VERSION" -Dpytorch.native="$PYTORCH_NATIVE" -Dlog4j.version="$LOG4J_VERSION" \
  -Dslf4j.version="$SLF4J_VERSION" dependency:copy-dependencies -DoutputDirectory="$ROOT/$CTX/lib" \
  -DexcludeGroupIds=org.apache.flink,org.apache.logging.log4j,org.slf4j -DexcludeTransitive=false
mvn -B -q dependency:copy -Dartifact=org.apache.flink:flink-external-resource-gpu:1.18.0 \
  -DoutputDirectory="$ROOT/$CTX/plugins/external-resource-gpu"
(cd "$CTX/plugins/external-resource-gpu" && jar xf flink-external-resource-gpu-1.18.0.jar nvidia-gpu-discovery.sh \
  gpu-discovery-common.sh && chmod +x ./*.sh)
cp infra/k8s/Dockerfile "$CTX/"
docker build -t "$TAG" "$CTX"
echo "built $TAG; set spec.image in infra/k8s/pegs-gpu.yaml to it and kubectl apply -f infra/k8s/pegs-gpu.yaml"
