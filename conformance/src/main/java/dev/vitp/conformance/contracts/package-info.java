/**
 * Contracts a plugin's own tests implement in a few lines (JUnit 5 test-interface style): each is
 * an interface of jqwik properties with default methods, asking only for the component under
 * test. {@code class MyDropTest implements TokenDropContract { public TokenDropStrategy
 * strategy() { return new MyDrop(); } }} runs every law of the kind against it.
 */
@NullMarked
package dev.vitp.conformance.contracts;

import org.jspecify.annotations.NullMarked;
