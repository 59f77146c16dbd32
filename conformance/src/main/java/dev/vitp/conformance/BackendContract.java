package dev.vitp.conformance;

/**
 * The whole backend conformance suite: a backend's test implements this interface and {@link
 * #backend()}; jqwik runs the inherited properties and JUnit Jupiter the per-op dynamic tests.
 *
 * <pre>{@code
 * class MyBackendConformanceTest implements BackendContract {
 *   @Override
 *   public Backend backend() {
 *     return new MyBackend(new MyBackendConfig(2));
 *   }
 * }
 * }</pre>
 */
public interface BackendContract
    extends KernelContract, RandomOpsContract, TensorContract, StepSessionContract {}
