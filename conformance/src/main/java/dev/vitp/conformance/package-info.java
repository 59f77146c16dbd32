/**
 * The backend conformance suite. Every op has one {@link dev.vitp.conformance.OpSpec} in {@link
 * dev.vitp.conformance.OpSpecs} (valid and malformed call generators, float64 reference via
 * {@link dev.vitp.conformance.ReferenceOps}, tolerances); contract interfaces turn the specs and
 * the step/session rules into tests: {@link dev.vitp.conformance.KernelContract}, {@link
 * dev.vitp.conformance.RandomOpsContract}, {@link dev.vitp.conformance.TensorContract}, {@link
 * dev.vitp.conformance.StepSessionContract}.
 *
 * <p>To run the suite on a new backend, depend on {@code vitp-conformance} in test scope and
 * write a test that implements {@link dev.vitp.conformance.BackendContract}:
 *
 * <pre>{@code
 * class MyBackendConformanceTest implements BackendContract {
 *   public Backend backend() { return new MyBackend(new MyBackendConfig(2)); }
 * }
 * }</pre>
 *
 * Ops the backend declares in {@code Backend#unsupportedOps()} are not skipped: their tests assert
 * UNSUPPORTED naming op and backend. Override {@code excludedOps}, {@code forwardTolerance} or
 * {@code gradientTolerance} only with a reason. Adding an op: its {@code Op} constant and
 * {@code MathOps}/{@code NnOps} method in the spi, and its entry in {@code OpSpecs}.
 */
@NullMarked
package dev.vitp.conformance;

import org.jspecify.annotations.NullMarked;
