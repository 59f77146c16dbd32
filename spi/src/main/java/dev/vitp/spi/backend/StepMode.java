package dev.vitp.spi.backend;

/** Whether a step records the operations it runs so that gradients can be computed. */
public enum StepMode {
  INFERENCE,
  TRAINING
}
