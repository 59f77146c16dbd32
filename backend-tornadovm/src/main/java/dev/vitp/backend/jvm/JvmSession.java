package dev.vitp.backend.jvm;

import dev.vitp.spi.backend.AbstractBackendSession;
import dev.vitp.spi.backend.Shape;
import dev.vitp.spi.backend.Step;
import dev.vitp.spi.backend.StepMode;

/** Owns the parameters (host arrays) and hands out one step at a time. */
final class JvmSession extends AbstractBackendSession<JvmBackend, JvmParameter> {
  private final BufferPool pool;

  JvmSession(JvmBackend backend, long seed) {
    this(backend, seed, new BufferPool());
  }

  JvmSession(JvmBackend backend, long seed, BufferPool pool) {
    super(backend, seed, JvmParameter.class);
    this.pool = pool;
  }

  @Override
  protected JvmParameter newParameter(String name, Shape shape, float[] values,
      boolean trainable) {
    return new JvmParameter(this, name, shape, values.clone(), trainable);
  }

  @Override
  protected Step newStepKernel(StepMode mode, long randomSeed) {
    return new JvmStep(new StepContext(backend(), this, mode), randomSeed);
  }

  @Override
  protected void closeKernel() {
    pool.clear();
  }

  BufferPool pool() {
    return pool;
  }
}
