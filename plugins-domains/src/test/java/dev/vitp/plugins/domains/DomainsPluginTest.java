package dev.vitp.plugins.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import dev.vitp.plugins.domains.instruct.ImageFolderConfig;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.loader.ImageFolderSource;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.plugins.domains.remotesensing.RemoteSensingConfig;
import dev.vitp.spi.ComponentFactory;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.DomainConfig;
import dev.vitp.spi.InstructionSourceConfig;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.data.BadRecordPolicy;
import dev.vitp.spi.data.Domain;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainsPluginTest {
  @TempDir Path dir;

  private static VitpPlugin plugin() {
    return ServiceLoader.load(VitpPlugin.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.id().equals(DomainsPlugin.ID)).findFirst().orElseThrow();
  }

  /** Binds configs the way the runtime does: every factory's config class as a named subtype. */
  private static ObjectMapper runtimeMapper(VitpPlugin p) {
    ObjectMapper m = new ObjectMapper();
    for (ComponentKind kind : ComponentKind.values()) {
      for (ComponentFactory<?, ?> f : kind.factoriesOf(p)) {
        m.registerSubtypes(new NamedType(f.configType(), f.name()));
      }
    }
    return m;
  }

  @Test
  void theServiceLoaderFindsTheSourceAndBothDomains() {
    VitpPlugin p = plugin();
    assertEquals(List.of("internvl-jsonl", "image-folder"),
        ComponentKind.INSTRUCTION_SOURCE.factoriesOf(p).stream().map(ComponentFactory::name).toList());
    assertEquals(List.of("remote-sensing", "medical"),
        ComponentKind.DOMAIN.factoriesOf(p).stream().map(ComponentFactory::name).toList());
  }

  @Test
  void configsBindFromJsonByTypeName() throws Exception {
    VitpPlugin p = plugin();
    ObjectMapper m = runtimeMapper(p);
    Path recipe = Fixtures.recipe(dir.resolve("recipe.json"), "d", ".", "d.jsonl", 1);
    Fixtures.write(dir.resolve("d.jsonl"), List.of());
    InstructionSourceConfig c = m.readValue("{\"type\": \"internvl-jsonl\", \"recipe\": \""
        + recipe + "\", \"badRecords\": \"fail\", \"augment\": {\"hflip\": 0.5}}",
        InstructionSourceConfig.class);
    InternVlJsonlConfig ic = assertInstanceOf(InternVlJsonlConfig.class, c);
    assertEquals(BadRecordPolicy.FAIL, ic.badRecords());
    assertEquals(0.5, ic.augment().hflip());
    assertEquals(0.0, ic.augment().crop());
    assertEquals(20, ic.maxReported());
    assertInstanceOf(InternVlSource.class,
        p.instructionSources().get(0).create(c));

    Fixtures.png(dir.resolve("images/a.png"), 8, 8, 1);
    InstructionSourceConfig fc = m.readValue("{\"type\": \"image-folder\", \"root\": \""
        + dir.resolve("images") + "\"}", InstructionSourceConfig.class);
    assertEquals(ImageFolderConfig.of(dir.resolve("images").toString()), fc);
    ImageFolderConfig full = assertInstanceOf(ImageFolderConfig.class, m.readValue(
        "{\"type\": \"image-folder\", \"root\": \"x\", \"badRecords\": \"fail\", "
            + "\"maxReported\": 3, \"normalization\": \"medical\", \"augment\": {\"hflip\": 0.5}}",
        InstructionSourceConfig.class));
    assertEquals(new ImageFolderConfig("x", BadRecordPolicy.FAIL, 3, "medical",
        new dev.vitp.plugins.domains.instruct.Augmentation(0.5, 0, 0.6)), full);
    assertInstanceOf(ImageFolderSource.class, p.instructionSources().get(1).create(fc));

    DomainConfig dc = m.readValue("{\"type\": \"remote-sensing\", \"sarShare\": 0.3}",
        DomainConfig.class);
    assertEquals(0.3, ((RemoteSensingConfig) dc).sarShare());
    assertEquals(0.05, ((RemoteSensingConfig) dc).changeShare());
    Domain d = p.domains().get(0).create(dc);
    assertEquals("remote-sensing", d.name());
    assertEquals(5, d.downstreamTasks().size());
    Domain med = p.domains().get(1).create(m.readValue("{\"type\": \"medical\"}", DomainConfig.class));
    assertEquals(List.of("ct", "xray", "mri"), med.modalities());
  }

  @Test
  void configMistakesAreUserErrorsThatSayWhatWasExpected() {
    VitpException e = assertThrows(VitpException.class,
        () -> new InternVlSource(InternVlJsonlConfig.of(dir.resolve("absent.json").toString())));
    assertEquals("Expected an existing recipe file. Received: recipe=" + dir.resolve("absent.json"),
        e.getMessage());
    assertThrows(VitpException.class, () -> new RemoteSensingConfig(0.5, 0.3, 0.3));
    assertThrows(VitpException.class, () -> DomainGenerator.domain("ocean"));
    assertThrows(VitpException.class, () -> new InternVlSource(InternVlJsonlConfig.of(
        Fixtures.recipe(dir.resolve("r.json"), "d", ".", "d.jsonl", 1).toString())
        .withNormalization("sepia")));
  }
}
