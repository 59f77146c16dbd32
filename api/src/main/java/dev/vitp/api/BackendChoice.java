package dev.vitp.api;

import dev.vitp.spi.backend.Capability;

/**
 * What {@code auto} picks for a command, and why.
 *
 * @param name the chosen backend
 * @param needed the capability the command needs
 * @param reason e.g. {@code highest rank of the backends with TRAINING: jvm 20, djl-pytorch 10}
 */
public record BackendChoice(String name, Capability needed, String reason) {}
