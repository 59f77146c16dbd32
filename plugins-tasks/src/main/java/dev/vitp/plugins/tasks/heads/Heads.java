package dev.vitp.plugins.tasks.heads;

import dev.vitp.spi.backend.Parameter;
import dev.vitp.spi.nn.ParameterScope;
import dev.vitp.spi.task.TaskHeadBuilder;
import dev.vitp.spi.task.TaskKind;
import java.util.List;

/** The built-in heads' builders, and what they share. */
public final class Heads {
  private Heads() {}

  /**
   * Greedy per-class non-maximum suppression of {@code sorted} (highest score first) at IoU
   * {@code iou}, with polygon IoU for oriented boxes: the detection head's own decoding step,
   * also used to merge the boxes of overlapping tiles.
   */
  public static List<dev.vitp.spi.task.TaskBox> nms(List<dev.vitp.spi.task.TaskBox> sorted,
      float iou, boolean rotated) {
    return CenterNet.nms(sorted, iou, rotated);
  }

  public static TaskHeadBuilder classification(ClassificationHeadConfig config) {
    return builder(TaskKind.CLASSIFICATION,
        (scope, backbone, info) -> new ClassificationHead(scope, backbone, info, config.pool()));
  }

  public static TaskHeadBuilder segmentation(SegmentationHeadConfig config) {
    return builder(TaskKind.SEGMENTATION, (scope, backbone, info) -> new DenseHead(scope,
        backbone, info, false, config.channels(), config.diceWeight()));
  }

  public static TaskHeadBuilder changeDetection(ChangeDetectionHeadConfig config) {
    return builder(TaskKind.CHANGE_DETECTION, (scope, backbone, info) -> new DenseHead(scope,
        backbone, info, true, config.channels(), config.diceWeight()));
  }

  public static TaskHeadBuilder detection(DetectionHeadConfig config) {
    return builder(TaskKind.DETECTION,
        (scope, backbone, info) -> new DetectionHead(scope, backbone, info, config));
  }

  @FunctionalInterface
  private interface Build {
    dev.vitp.spi.task.TaskHead build(ParameterScope scope, dev.vitp.spi.model.Backbone backbone,
        dev.vitp.spi.task.TaskInfo info);
  }

  private static TaskHeadBuilder builder(TaskKind kind, Build build) {
    return new TaskHeadBuilder() {
      @Override
      public TaskKind kind() {
        return kind;
      }

      @Override
      public dev.vitp.spi.task.TaskHead build(ParameterScope scope,
          dev.vitp.spi.model.Backbone backbone, dev.vitp.spi.task.TaskInfo info) {
        if (info.kind() != kind) {
          throw dev.vitp.spi.VitpException.userError("Expected " + kind.id() + " data for the "
              + kind.id() + " head. Received: " + info.kind().id() + " data");
        }
        return build.build(scope, backbone, info);
      }
    };
  }

  /** Every parameter of the session created under {@code scope}, in creation order. */
  static List<Parameter> parametersUnder(ParameterScope scope) {
    String prefix = scope.prefix();
    return scope.session().parameters().stream().filter(p -> p.name().startsWith(prefix)).toList();
  }
}
