package dev.vitp.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.vitp.api.CorePlugin;
import dev.vitp.api.PluginInfo;
import dev.vitp.api.Vitp;
import dev.vitp.api.testplugins.TestPlugins;
import dev.vitp.api.vrl.NoTokenDrop;
import dev.vitp.api.vrl.ShuffleDropConfig;
import dev.vitp.api.vrl.ShuffleTokenDrop;
import dev.vitp.api.vrl.UniformDropConfig;
import dev.vitp.api.vrl.UniformTokenDrop;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.ErrorCode;
import dev.vitp.spi.TokenDropConfig;
import dev.vitp.spi.TokenDropFactory;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.InstructionRecord;
import dev.vitp.spi.data.Role;
import dev.vitp.spi.data.Turn;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VitpRuntimeTest {
  private static final String KNOWN = "known options [none, shuffle, uniform]";

  @TempDir Path tmp;

  /** A loader that sees the test classes plus a services file listing exactly {@code plugins}. */
  private ClassLoader withServices(Class<?>... plugins) throws IOException {
    Path services = tmp.resolve("META-INF/services");
    Files.createDirectories(services);
    StringBuilder lines = new StringBuilder();
    for (Class<?> plugin : plugins) {
      lines.append(plugin.getName()).append('\n');
    }
    Files.writeString(services.resolve("dev.vitp.spi.VitpPlugin"), lines);
    return new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void discoversTheCorePluginThroughServiceLoader() {
    Vitp vitp = Vitp.create();
    assertEquals(List.of("none", "shuffle", "uniform"), vitp.componentNames(ComponentKind.TOKEN_DROP));
    PluginInfo core = vitp.plugins().stream().filter(p -> p.id().equals("core")).findFirst()
        .orElseThrow();
    assertEquals(CorePlugin.class.getName(), core.className());
    assertEquals(List.of("none", "shuffle", "uniform"), core.components(ComponentKind.TOKEN_DROP));
    assertEquals(List.of("auto"), core.components(ComponentKind.BACKEND));
    assertEquals(ComponentKind.values().length, core.components().size());
    assertTrue(core.location().contains("classes") || core.location().endsWith(".jar"),
        core.location());
  }

  @Test
  void unknownNameListsTheKnownOptions() {
    Vitp vitp = Vitp.create();
    VitpException e = assertThrows(VitpException.class, () -> vitp.tokenDrop("foo"));
    assertEquals("Unknown tokenDrop [foo]; " + KNOWN, e.getMessage());
    assertEquals(ErrorCode.USER_ERROR, e.code());
  }

  @Test
  void unknownTypeInJsonListsTheKnownOptions() {
    Vitp vitp = Vitp.create();
    VitpException e = assertThrows(VitpException.class,
        () -> vitp.readConfig("{\"type\":\"foo\",\"ratio\":0.5}", TokenDropConfig.class));
    assertEquals("Unknown tokenDrop [foo]; " + KNOWN, e.getMessage());
    assertEquals(ErrorCode.USER_ERROR, e.code());
  }

  @Test
  void missingTypeInJsonListsTheKnownOptions() {
    Vitp vitp = Vitp.create();
    VitpException e = assertThrows(VitpException.class,
        () -> vitp.readConfig("{\"ratio\":0.5}", TokenDropConfig.class));
    assertEquals("Missing \"type\" in tokenDrop config; " + KNOWN, e.getMessage());
  }

  /** A bigger config nesting a tokenDrop: Jackson wraps our error, the runtime unwraps it. */
  record NestingConfig(TokenDropConfig tokenDrop) {}

  @Test
  void unknownTypeNestedInALargerConfigIsUnwrapped() {
    Vitp vitp = Vitp.create();
    VitpException e = assertThrows(VitpException.class,
        () -> vitp.readConfig("{\"tokenDrop\":{\"type\":\"foo\"}}", NestingConfig.class));
    assertEquals("Unknown tokenDrop [foo]; " + KNOWN, e.getMessage());
    NestingConfig ok = vitp.readConfig("{\"tokenDrop\":{\"type\":\"uniform\"}}",
        NestingConfig.class);
    assertEquals(new UniformDropConfig(), ok.tokenDrop());
  }

  @Test
  void invalidValuesAndBadJsonAreUserErrors() {
    Vitp vitp = Vitp.create();
    VitpException range = assertThrows(VitpException.class,
        () -> vitp.readConfig("{\"type\":\"uniform\",\"ratio\":1.5}", TokenDropConfig.class));
    assertEquals("Expected ratio in [0, 1) for tokenDrop [uniform]. Received: ratio=1.5",
        range.getMessage());
    VitpException typo = assertThrows(VitpException.class,
        () -> vitp.readConfig("{\"type\":\"uniform\",\"ratoi\":0.5}", TokenDropConfig.class));
    assertTrue(typo.getMessage().startsWith("Expected a valid tokenDrop config JSON. Received: "),
        typo.getMessage());
    assertTrue(typo.getMessage().contains("ratoi"), typo.getMessage());
    VitpException syntax = assertThrows(VitpException.class,
        () -> vitp.readConfig("{\"type\":", TokenDropConfig.class));
    assertEquals(ErrorCode.USER_ERROR, syntax.code());
  }

  @Test
  void configRoundTripSelectsTheRightFactory() throws Exception {
    Vitp vitp = Vitp.create();
    TokenDropConfig read =
        vitp.readConfig("{\"type\":\"uniform\",\"ratio\":0.5}", TokenDropConfig.class);
    assertEquals(new UniformDropConfig(0.5, 1.0), read);

    String json = vitp.objectMapper().writeValueAsString(read);
    assertTrue(json.contains("\"type\":\"uniform\""), json);
    assertEquals(read, vitp.readConfig(json, TokenDropConfig.class));

    UniformTokenDrop uniform = assertInstanceOf(UniformTokenDrop.class, vitp.tokenDrop(read));
    assertEquals(read, uniform.config());
    assertEquals(8, uniform.select(2, 16, new SplittableRandom(1)).keptPerSample());

    TokenDropConfig shuffle = vitp.readConfig("{\"type\":\"shuffle\"}", TokenDropConfig.class);
    assertEquals(new ShuffleDropConfig(1.0), shuffle);
    assertInstanceOf(ShuffleTokenDrop.class, vitp.tokenDrop(shuffle));
    assertInstanceOf(NoTokenDrop.class,
        vitp.tokenDrop(vitp.readConfig("{\"type\":\"none\"}", TokenDropConfig.class)));
  }

  @Test
  void defaultsApplyWhenSelectingByName() {
    Vitp vitp = Vitp.create();
    UniformTokenDrop uniform = assertInstanceOf(UniformTokenDrop.class, vitp.tokenDrop("uniform"));
    assertEquals(new UniformDropConfig(0.75, 1.0), uniform.config());
  }

  @Test
  void factoriesAreBoundInGuiceMapBinders() {
    Vitp vitp = Vitp.create();
    Map<String, TokenDropFactory> factories =
        vitp.injector().getInstance(Key.get(new TypeLiteral<Map<String, TokenDropFactory>>() {}));
    assertEquals(List.of("none", "shuffle", "uniform"), factories.keySet().stream().sorted().toList());
    assertSame(vitp.factory(ComponentKind.TOKEN_DROP, "uniform"), factories.get("uniform"));
    assertSame(vitp.objectMapper(),
        vitp.injector().getInstance(com.fasterxml.jackson.databind.ObjectMapper.class));
  }

  @Test
  void duplicateNameNamesBothPluginClassesAndLocations() {
    VitpException e = assertThrows(VitpException.class, () -> Vitp.builder().discover(false)
        .plugin(new TestPlugins.AlphaPlugin()).plugin(new TestPlugins.BetaPlugin()).build());
    String location = PluginLoader.locationOf(TestPlugins.AlphaPlugin.class);
    assertEquals("Duplicate tokenDrop [echo]: contributed by "
        + TestPlugins.AlphaPlugin.class.getName() + " (plugin alpha, " + location + ") and by "
        + TestPlugins.BetaPlugin.class.getName() + " (plugin beta, " + location + "). Expected "
        + "each tokenDrop name once; remove one of the plugins from the classpath or rename the "
        + "component.", e.getMessage());
    assertEquals(ErrorCode.USER_ERROR, e.code());
  }

  @Test
  void duplicateOfADiscoveredPluginNamesBothJarsOrDirectories() {
    VitpException e = assertThrows(VitpException.class,
        () -> Vitp.builder().plugin(new TestPlugins.RivalUniformPlugin()).build());
    String coreLocation = PluginLoader.locationOf(CorePlugin.class);
    String rivalLocation = PluginLoader.locationOf(TestPlugins.RivalUniformPlugin.class);
    assertTrue(!coreLocation.equals(rivalLocation), coreLocation);
    assertTrue(e.getMessage().startsWith("Duplicate tokenDrop [uniform]: contributed by "
        + CorePlugin.class.getName() + " (plugin core, " + coreLocation + ") and by "
        + TestPlugins.RivalUniformPlugin.class.getName() + " (plugin rival, " + rivalLocation
        + ")"), e.getMessage());
  }

  @Test
  void duplicateAmongDiscoveredPlugins() throws IOException {
    ClassLoader loader =
        withServices(TestPlugins.AlphaPlugin.class, TestPlugins.BetaPlugin.class);
    VitpException e = assertThrows(VitpException.class,
        () -> Vitp.builder().classLoader(loader).build());
    assertTrue(e.getMessage().contains(TestPlugins.AlphaPlugin.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(TestPlugins.BetaPlugin.class.getName()), e.getMessage());
  }

  @Test
  void pluginWhoseConstructorThrowsIsNamedByClassWithItsCause() throws IOException {
    ClassLoader loader = withServices(TestPlugins.ExplodingConstructorPlugin.class);
    VitpException e = assertThrows(VitpException.class,
        () -> Vitp.builder().classLoader(loader).build());
    assertEquals("Plugin [" + TestPlugins.ExplodingConstructorPlugin.class.getName() + "] (from "
        + PluginLoader.locationOf(TestPlugins.ExplodingConstructorPlugin.class)
        + ") failed while constructing: IllegalStateException: no licence file found.",
        e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(ErrorCode.INTERNAL, e.code());
  }

  @Test
  void pluginWhoseFactoryMethodThrowsIsNamedByIdWithItsCause() throws IOException {
    ClassLoader loader = withServices(TestPlugins.ExplodingFactoryPlugin.class);
    VitpException e = assertThrows(VitpException.class,
        () -> Vitp.builder().classLoader(loader).build());
    assertEquals("Plugin [exploding-factory] (" + TestPlugins.ExplodingFactoryPlugin.class.getName()
        + " from " + PluginLoader.locationOf(TestPlugins.ExplodingFactoryPlugin.class)
        + ") failed while listing its instructionSource factories: "
        + "IllegalArgumentException: dataset root not set.", e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }

  @Test
  void servicesFileListingAMissingClassIsAClearError() throws IOException {
    Path services = tmp.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("dev.vitp.spi.VitpPlugin"), "com.example.Missing\n");
    ClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
        getClass().getClassLoader());
    VitpException e = assertThrows(VitpException.class,
        () -> Vitp.builder().classLoader(loader).build());
    assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
  }

  @Test
  void explicitPluginsWithoutDiscovery() {
    Vitp vitp = Vitp.builder().discover(false).plugin(new TestPlugins.InlineSourcePlugin()).build();
    assertEquals(List.of("inline"), vitp.plugins().stream().map(PluginInfo::id).toList());
    assertEquals(List.of(), vitp.componentNames(ComponentKind.TOKEN_DROP));
    VitpException e = assertThrows(VitpException.class, () -> vitp.tokenDrop("uniform"));
    assertEquals("Unknown tokenDrop [uniform]; known options []", e.getMessage());

    var record = new InstructionRecord("r1", List.of("a.png"),
        List.of(new Turn(Role.HUMAN, "<image>\nWhat is this?"), new Turn(Role.GPT, "a ship")));
    var source = vitp.instructionSource(new TestPlugins.InlineConfig(List.of(record)));
    try (var stream = source.open()) {
      assertEquals(record, stream.next());
    }
    var fromJson = vitp.readConfig("{\"type\":\"inline\",\"records\":[{\"id\":\"r1\","
        + "\"images\":[\"a.png\"],\"conversations\":[{\"from\":\"human\",\"value\":"
        + "\"<image>\\nWhat is this?\"},{\"from\":\"gpt\",\"value\":\"a ship\"}]}]}",
        dev.vitp.spi.InstructionSourceConfig.class);
    assertEquals(new TestPlugins.InlineConfig(List.of(record)), fromJson);
  }

  @Test
  void configOfAnotherTypeIsRejected() {
    Vitp vitp = Vitp.create();
    VitpException e = assertThrows(VitpException.class,
        () -> vitp.tokenDrop(new TestPlugins.EchoConfig()));
    assertEquals("Unknown tokenDrop config " + TestPlugins.EchoConfig.class.getName()
        + "; no plugin registers it. Known options [none, shuffle, uniform]", e.getMessage());
  }
}
