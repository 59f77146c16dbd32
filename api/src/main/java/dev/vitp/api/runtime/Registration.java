package dev.vitp.api.runtime;

import dev.vitp.spi.ComponentFactory;
import dev.vitp.spi.ComponentKind;

/** One named factory of one kind and the plugin that contributed it. */
public record Registration(
    ComponentKind kind, String name, ComponentFactory<?, ?> factory, LoadedPlugin origin) {

  /** "dev.vitp.api.CorePlugin (plugin core, /path/vitp-api.jar)". */
  String describeOrigin() {
    return origin.className() + " (plugin " + origin.id() + ", " + origin.location() + ")";
  }
}
