/**
 * The backend conformance suite: float64 reference implementations of every op ({@link
 * dev.vitp.conformance.ReferenceOps}) and an abstract jqwik class ({@link
 * dev.vitp.conformance.BackendConformance}) that a backend's test extends.
 */
@NullMarked
package dev.vitp.conformance;

import org.jspecify.annotations.NullMarked;
