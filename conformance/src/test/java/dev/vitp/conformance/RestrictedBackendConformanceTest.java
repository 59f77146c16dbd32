package dev.vitp.conformance;

import dev.vitp.spi.backend.Backend;
import dev.vitp.spi.backend.Capability;
import dev.vitp.spi.backend.Op;
import java.util.EnumSet;
import java.util.Map;

/**
 * The suite on an inference-only backend that declares some ops unsupported: the properties of
 * excluded ops assert UNSUPPORTED naming op and backend, and gradient properties assert that a
 * TRAINING step is refused, instead of passing silently.
 */
class RestrictedBackendConformanceTest implements BackendContract {
  @Override
  public Backend backend() {
    return new ReferenceBackend("reference-restricted", EnumSet.of(Capability.INFERENCE),
        Map.of(Op.CONV_TRANSPOSE2D, "not written yet", Op.GELU, "no erf kernel",
            Op.DROPOUT, "inference only", Op.ASSIGN, "weights are read-only",
            Op.ARGMAX, "no integer outputs", Op.UNIFORM, "no random numbers"),
        ReferenceBackend.Mutation.NONE);
  }
}
