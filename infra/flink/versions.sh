# Sourced by the scripts here: reads the stack's versions from the project's pom.xml (kept in one place there).
FS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$FS_ROOT/pom.xml" | head -1
}
FLINK_VERSION="$(pom_property flink.version)"
LOG4J_VERSION="$(pom_property log4j.version)"
SLF4J_VERSION="$(pom_property slf4j.version)"
if [ "${FS_GPU:-0}" -gt 0 ]; then
  DJL_VERSION="$(pom_property gpu.djl.version)"
  PYTORCH_VERSION="$(pom_property gpu.pytorch.version)"
  PYTORCH_NATIVE="$(pom_property gpu.pytorch.native)"
else
  DJL_VERSION="$(pom_property djl.version)"
  PYTORCH_VERSION="$(pom_property pytorch.version)"
  PYTORCH_NATIVE=pytorch-native-cpu
fi
# Flink's own Java 17 flags (its default env.java.opts.all), plus ours: DJL offline.
FLINK_JAVA_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED \
--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED \
--add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED -Dai.djl.offline=true"
