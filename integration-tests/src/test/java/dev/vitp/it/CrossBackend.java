package dev.vitp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vitp.backend.djl.DjlPytorchBackend;
import dev.vitp.backend.djl.DjlPytorchConfig;
import dev.vitp.backend.djl.DjlTensorflowBackend;
import dev.vitp.backend.djl.DjlTensorflowConfig;
import dev.vitp.backend.jvm.JvmBackend;
import dev.vitp.backend.jvm.JvmBackendConfig;
import dev.vitp.spi.backend.Backend;

/**
 * The backends compared by the cross-backend tests, and the comparison they use. The DJL engines
 * run on one intra-op thread (this build machine is shared), the jvm backend on two so that its
 * parallel loops really split.
 */
final class CrossBackend {
  static final Backend JVM = new JvmBackend(new JvmBackendConfig(2));
  static final Backend DJL = new DjlPytorchBackend(new DjlPytorchConfig(1));
  /** Inference only: compared on forward results. */
  static final Backend TF = new DjlTensorflowBackend(new DjlTensorflowConfig(1));

  private CrossBackend() {}

  /**
   * Asserts {@code max|got - want| <= rel · max|want|}: each tensor is compared relative to its own
   * largest magnitude (element-wise relative error is meaningless for entries that are
   * near-cancellations of much larger terms, which both backends compute in float32 in different
   * orders).
   */
  static void assertClose(String what, float[] want, float[] got, double rel) {
    assertEquals(want.length, got.length, what + ": element count");
    double scale = 0;
    for (float w : want) {
      scale = Math.max(scale, Math.abs(w));
    }
    double worst = 0;
    int at = -1;
    for (int i = 0; i < want.length; i++) {
      double d = Math.abs((double) got[i] - want[i]);
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    if (!(worst <= rel * scale) && !(scale == 0 && worst == 0)) {
      fail(what + ": max |got - want| = " + worst + " at [" + at + "] (got " + got[at] + ", want "
          + want[at] + ") exceeds " + rel + " x max|want| = " + rel * scale);
    }
  }
}
