package io.fullspectrum.nn;

/**
 * Run in a child JVM by GpuDeterminismTest (the switches are process-wide and stay on): prints libtorch's switches
 * before and after {@link GpuDeterminism#enable}, or the one line it fails with.
 */
public final class GpuDeterminismProbe {
  private GpuDeterminismProbe() {}

  public static void main(String[] args) {
    System.out.println("before " + GpuDeterminism.state());
    try {
      System.out.println("after " + GpuDeterminism.enable());
    } catch (IllegalArgumentException e) {
      System.out.println("error " + e.getMessage());
    }
  }
}
