package dev.vitp.plugins.tasks.corruption;

import dev.vitp.conformance.contracts.CorruptionContract;
import dev.vitp.plugins.tasks.TasksPlugin;
import dev.vitp.spi.CorruptionConfig;
import dev.vitp.spi.CorruptionFactory;
import dev.vitp.spi.corruption.Corruption;
import net.jqwik.api.Group;
import net.jqwik.api.Label;

/**
 * Each of the twelve built-in corruptions, made by its registered factory, passes the corruption
 * contract a third party's must pass; one group per corruption, so a failure names it.
 */
class CorruptionContractTest {
  /** The corruption registered under {@code name}, from its default config. */
  static Corruption named(String name) {
    CorruptionFactory factory = new TasksPlugin().corruptions().stream()
        .filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no corruption named " + name));
    try {
      CorruptionConfig config = factory.configType().getConstructor().newInstance();
      return factory.create(config);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(name + ": its config needs a public no-arg constructor", e);
    }
  }

  @Group @Label("brightness-contrast")
  class BrightnessContrastLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("brightness-contrast"); }
  }

  @Group @Label("cloud")
  class CloudLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("cloud"); }
  }

  @Group @Label("jpeg")
  class JpegLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("jpeg"); }
  }

  @Group @Label("data-gaps")
  class DataGapsLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("data-gaps"); }
  }

  @Group @Label("gaussian-blur")
  class GaussianBlurLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("gaussian-blur"); }
  }

  @Group @Label("gaussian-noise")
  class GaussianNoiseLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("gaussian-noise"); }
  }

  @Group @Label("haze")
  class HazeLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("haze"); }
  }

  @Group @Label("motion-blur")
  class MotionBlurLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("motion-blur"); }
  }

  @Group @Label("rotation")
  class RotationLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("rotation"); }
  }

  @Group @Label("salt-and-pepper")
  class SaltAndPepperLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("salt-and-pepper"); }
  }

  @Group @Label("scale")
  class ScaleLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("scale"); }
  }

  @Group @Label("translation")
  class TranslationLaws implements CorruptionContract {
    @Override public Corruption corruption() { return named("translation"); }
  }
}
