package dev.vitp.plugins.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitp.plugins.tasks.heads.ClassificationHeadConfig;
import dev.vitp.plugins.tasks.heads.DetectionHeadConfig;
import dev.vitp.spi.ComponentKind;
import dev.vitp.spi.TaskHeadFactory;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.VitpPlugin;
import dev.vitp.spi.task.TaskKind;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TasksPluginTest {
  @Test
  void isDiscoveredAndContributesTheFourHeads() {
    VitpPlugin plugin = ServiceLoader.load(VitpPlugin.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("tasks")).findFirst()
        .orElseThrow();
    List<String> names = plugin.taskHeads().stream().map(TaskHeadFactory::name).toList();
    assertEquals(List.of("classification", "segmentation", "change-detection", "detection"), names);
    assertEquals(names, ComponentKind.TASK_HEAD.factoriesOf(plugin).stream()
        .map(f -> f.name()).toList());
    List<TaskKind> kinds = plugin.taskHeads().stream()
        .map(f -> f.create(defaults(f)).kind()).toList();
    assertEquals(List.of(TaskKind.CLASSIFICATION, TaskKind.SEGMENTATION,
        TaskKind.CHANGE_DETECTION, TaskKind.DETECTION), kinds);
  }

  private static dev.vitp.spi.TaskHeadConfig defaults(TaskHeadFactory f) {
    try {
      return f.configType().getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(f.configType() + " needs a no-arg constructor of defaults", e);
    }
  }

  @Test
  void configsCheckTheirValues() {
    VitpException pool = assertThrows(VitpException.class,
        () -> new ClassificationHeadConfig("max"));
    assertTrue(pool.getMessage().contains("Received: pool=max"), pool.getMessage());
    assertThrows(VitpException.class, () -> new DetectionHeadConfig(64, 3, 100, 0.01f, 0.5f));
  }
}
