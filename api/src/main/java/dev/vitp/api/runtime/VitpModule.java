package dev.vitp.api.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.multibindings.MapBinder;
import dev.vitp.spi.ComponentKind;
import java.util.Collection;

/**
 * Binds every factory of every kind into a {@code MapBinder<String, XFactory>} under its name
 * (e.g. {@code Map<String, TokenDropFactory>}), plus the registry and the config mapper.
 */
public final class VitpModule extends AbstractModule {
  private final ComponentRegistry registry;
  private final ConfigBinding configs;

  public VitpModule(ComponentRegistry registry, ConfigBinding configs) {
    this.registry = registry;
    this.configs = configs;
  }

  @Override
  protected void configure() {
    for (ComponentKind kind : ComponentKind.values()) {
      bindFactories(binder(), kind.factoryType(), registry.registrations(kind).values());
    }
    bind(ComponentRegistry.class).toInstance(registry);
    bind(ConfigBinding.class).toInstance(configs);
    bind(ObjectMapper.class).toInstance(configs.mapper());
  }

  private static <F> void bindFactories(
      Binder binder, Class<F> factoryType, Collection<Registration> registrations) {
    MapBinder<String, F> map = MapBinder.newMapBinder(binder, String.class, factoryType);
    for (Registration r : registrations) {
      map.addBinding(r.name()).toInstance(factoryType.cast(r.factory()));
    }
  }
}
