package dev.vitp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.PretrainResult;
import dev.vitp.api.RunConfig;
import dev.vitp.api.Vitp;
import dev.vitp.api.train.ConsoleProgress;
import dev.vitp.api.train.ImageReliance;
import dev.vitp.api.train.StopSignal;
import dev.vitp.api.train.TrainConfig;
import dev.vitp.api.train.TrainListener;
import dev.vitp.spi.VitpException;
import dev.vitp.spi.data.SkipSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vitp pretrain}: a thin adapter over {@link Vitp#pretrain} and {@link Vitp#resume}. The
 * run is a {@link RunConfig}: a {@code --config} file (JSON or YAML), with each flag given
 * overriding it; a flag left out keeps the file's value or the default.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Pretrain a ViT: by default as ViTP (ViT -> projector -> decoder on visual "
        + "instruction data, with Visual Robustness Learning), or by another objective (--objective "
        + "mae); checkpoints, metrics and the resolved config (run.json) go to --out.")
final class PretrainCommand implements Callable<Integer> {
  @ParentCommand VitpCli parent;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "Run folder.")
  Path out;

  @Option(names = "--config", description = "Run config file (JSON, or YAML for .yaml/.yml): "
      + "backend, source, tokenizer, tokenDrop, preset, model, initBackbone, train, workers. "
      + "Flags override it.")
  @Nullable Path config;

  @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint "
      + "with its saved config. Changing --backend, --workers or --checkpoint-every is applied "
      + "(and said); any other changed setting is refused.")
  boolean resume;

  @Option(names = "--extend", description = "With --resume and a larger --steps: train a run "
      + "further; the warmup + cosine schedule is rebuilt over the new total.")
  boolean extend;

  @Option(names = "--overwrite", description = "Start a new run in a folder that holds an "
      + "earlier run's files, replacing them (otherwise --out must be empty or new).")
  boolean overwrite;

  @Option(names = "--steps", description = "Optimizer steps in total (train.steps).")
  @Nullable Long steps;

  @Option(names = "--recipe", description = "InternVL meta JSON (or one .jsonl): the "
      + "internvl-jsonl source.")
  @Nullable Path recipe;

  @Option(names = "--images", description = "The images to pretrain on, for an objective that "
      + "reads no text (mae): an InternVL recipe or .jsonl (its images), or a folder of images.")
  @Nullable Path images;

  @Option(names = "--source", description = "Instruction source config JSON, e.g. "
      + "'{\"type\":\"internvl-jsonl\",\"recipe\":\"r.json\"}', or a source name.")
  @Nullable String source;

  @Option(names = "--on-bad-record",
      description = "With --recipe: skip (count and report; default) or fail.")
  @Nullable String onBadRecord;

  @Option(names = "--max-image-pixels", paramLabel = "N",
      description = ConfigFlags.MAX_IMAGE_PIXELS
      + " May change on --resume.")
  @Nullable Long maxImagePixels;

  @Option(names = "--objective", description = "Pretraining objective name or config JSON: "
      + "instruction (ViTP, default) or mae, e.g. '{\"type\":\"mae\",\"maskRatio\":0.75}'.")
  @Nullable String objective;

  @Option(names = "--mask-ratio", description = "Shortcut for the mae objective: share of "
      + "patches hidden (0.75).")
  @Nullable Float maskRatio;

  @Option(names = "--token-drop", description = "VRL strategy config JSON or name, e.g. "
      + "'{\"type\":\"uniform\",\"ratio\":0.75}' (default) or none.")
  @Nullable String tokenDrop;

  @Option(names = "--drop-ratio", description = "Shortcut for the uniform strategy: share r of "
      + "image tokens dropped (0.75); 0 keeps every token.")
  @Nullable Double dropRatio;

  @Option(names = "--drop-prob", description = "Shortcut for the uniform strategy: probability "
      + "p that a batch is dropped at all (1.0).")
  @Nullable Double dropProbability;

  @Option(names = "--tokenizer", description = "Tokenizer config JSON or name (default: word, "
      + "fitted on the data and saved in the run), or a HuggingFace tokenizer.json file.")
  @Nullable String tokenizer;

  @Option(names = "--backend", description = "Backend name or config JSON (default: auto, the "
      + "best-ranked backend that trains; vitp plugins says which).")
  @Nullable String backend;

  @Option(names = "--preset", description = "Model preset with a decoder: nano (default), tiny.")
  @Nullable String preset;

  @Option(names = "--model", paramLabel = "FILE", description = "Model sizes over the preset's "
      + "(JSON or YAML, merged field by field), e.g. {\"vit\": {\"width\": 192, \"heads\": 6}, "
      + "\"decoder\": {\"depth\": 4}}.")
  @Nullable Path model;

  @Option(names = "--text-tokens", paramLabel = "N", description = "The decoder's text budget "
      + "(tokens per sample; nano 48, tiny 64): longer conversations are cut and counted.")
  @Nullable Integer textTokens;

  @Option(names = "--init-backbone", paramLabel = "FILE_OR_HF_DIR", description = "Start the ViT "
      + "from a pretrained one instead of random init: an InternViT/HuggingFace folder, a vitp "
      + "export or ViTP's published safetensors. Its architecture replaces the preset's ViT; the "
      + "preset keeps the image size (the position grid is resized) and the decoder.")
  @Nullable Path initBackbone;

  @Option(names = "--batch", description = "Images per micro-batch (8).")
  @Nullable Integer batch;

  @Option(names = "--accumulation", description = "Micro-batches per optimizer step (1).")
  @Nullable Integer accumulation;

  @Option(names = "--lr", description = "Peak learning rate (1e-3).")
  @Nullable Float lr;

  @Option(names = "--vit-lr-scale", description = "The ViT's learning rate as a share of --lr ("
      + TrainConfig.DEFAULT_VIT_LR_SCALE + "); 1 trains it at the decoder's rate.")
  @Nullable Float vitLrScale;

  @Option(names = "--seed", description = "(42)")
  @Nullable Long seed;

  @Option(names = "--checkpoint-every", description = "Steps between checkpoints (100).")
  @Nullable Integer checkpointEvery;

  @Option(names = "--val-every", paramLabel = "N", description = "Every N steps (and after the "
      + "last), the loss on held-out records, recorded as val_loss (default 0: none). Holds out "
      + "--val-share of the records from training, for the whole run.")
  @Nullable Integer valEvery;

  @Option(names = "--val-share", description = "With --val-every: the share of records held out "
      + "(seeded by --seed; default " + TrainConfig.DEFAULT_VAL_SHARE + "); at most "
      + "256 of them are scored.")
  @Nullable Float valShare;

  @Option(names = "--workers", description = "Image decoding threads (2).")
  @Nullable Integer workers;

  @Option(names = {"--freeze"}, split = ",", description = "Parts to freeze: vit,projector,decoder.")
  @Nullable List<String> freeze;

  @Override
  public Integer call() {
    OutPaths.folder(out);
    Vitp vitp = parent.vitp();
    PrintWriter console = spec.commandLine().getOut();
    List<JsonNode> layers = new ArrayList<>();
    if (resume) {
      layers.add(vitp.objectMapper().valueToTree(vitp.savedRunConfig(out)));
    } else if (extend) {
      throw VitpException.userError("Expected --extend with --resume. Received: a new run");
    }
    if (resume && overwrite) {
      throw VitpException.userError("Expected --resume or --overwrite, not both. Received: both");
    }
    if (config != null) {
      layers.add(vitp.readConfigFile(config));
    }
    layers.add(flags(vitp));
    RunConfig run = vitp.runConfig(layers.toArray(JsonNode[]::new));

    List<TrainListener> listeners = List.of(ConsoleProgress.stderr("pretrain"),
        new TrainListener() {
          @Override
          public void onStart(long firstStep, long totalSteps) {
            if (firstStep > 0) {
              console.println("Resuming " + out + " at step " + firstStep + " of " + totalSteps);
              console.flush();
            }
          }

          @Override
          public void onNotice(String message) {
            console.println(message);
            console.flush();
          }
        });
    PretrainResult result;
    try (StopSignal stop = StopSignal.onCtrlC()) {
      result = resume ? vitp.resume(out, run, extend, stop, listeners)
          : vitp.pretrain(run, out, overwrite, stop, listeners);
    }
    report(console, result);
    Path plot = RunPlots.pretrain(out);
    if (plot != null) {
      console.println("Wrote " + out.resolve("metrics.csv") + ", TensorBoard events (tensorboard "
          + "--logdir " + out + ") and " + plot);
    }
    console.flush();
    return 0;
  }

  /** The flags that were given, as a config layer. */
  private ObjectNode flags(Vitp vitp) {
    ObjectMapper json = vitp.objectMapper();
    ObjectNode layer = json.createObjectNode();
    ObjectNode train = json.createObjectNode();
    if (images != null) {
      if (recipe != null || source != null) {
        throw VitpException.userError("Expected one of --images, --recipe, --source. Received: "
            + "more than one");
      }
      layer.set("source", imagesSource(json, images));
    }
    if (recipe != null) {
      if (source != null) {
        throw VitpException.userError("Expected --recipe or --source, not both. Received: both");
      }
      ObjectNode s = layer.putObject("source").put("type", "internvl-jsonl")
          .put("recipe", recipe.toAbsolutePath().toString());
      if (onBadRecord != null) {
        s.put("badRecords", onBadRecord);
      }
    } else if (onBadRecord != null) {
      throw VitpException.userError("Expected --on-bad-record with --recipe (a source config "
          + "says \"badRecords\" itself). Received: --on-bad-record without --recipe");
    }
    if (source != null) {
      layer.set("source", ConfigFlags.component(json, "--source", source));
    }
    if (objective != null && maskRatio != null) {
      throw VitpException.userError("Expected --objective or --mask-ratio (the mae objective's "
          + "shortcut), not both. Received: both");
    }
    if (objective != null) {
      layer.set("objective", ConfigFlags.component(json, "--objective", objective));
    } else if (maskRatio != null) {
      layer.putObject("objective").put("type", "mae").put("maskRatio", maskRatio);
    }
    if (tokenDrop != null && (dropRatio != null || dropProbability != null)) {
      throw VitpException.userError("Expected --token-drop or --drop-ratio/--drop-prob (the "
          + "uniform strategy's shortcuts), not both. Received: both");
    }
    if (tokenDrop != null) {
      layer.set("tokenDrop", ConfigFlags.component(json, "--token-drop", tokenDrop));
    } else if (dropRatio != null || dropProbability != null) {
      ObjectNode uniform = layer.putObject("tokenDrop").put("type", "uniform");
      if (dropRatio != null) {
        uniform.put("ratio", dropRatio);
      }
      if (dropProbability != null) {
        uniform.put("probability", dropProbability);
      }
    }
    if (tokenizer != null) {
      boolean file = !tokenizer.strip().startsWith("{") && tokenizer.endsWith(".json");
      layer.set("tokenizer", file
          ? json.createObjectNode().put("type", "hf-tokenizer-json")
              .put("file", Path.of(tokenizer).toAbsolutePath().toString())
          : ConfigFlags.component(json, "--tokenizer", tokenizer));
    }
    if (backend != null) {
      layer.set("backend", ConfigFlags.component(json, "--backend", backend));
    }
    if (preset != null) {
      layer.put("preset", preset);
    }
    if (initBackbone != null) {
      layer.put("initBackbone", initBackbone.toAbsolutePath().toString());
    }
    if (model != null || textTokens != null) {
      ObjectNode sizes = json.createObjectNode();
      if (model != null) {
        JsonNode file = vitp.readConfigFile(model);
        if (!file.isObject()) {
          throw VitpException.userError("Expected --model to hold an object of sizes, e.g. "
              + "{\"decoder\": {\"textTokens\": 96}}. Received: " + file + " in " + model);
        }
        sizes.setAll((ObjectNode) file);
      }
      if (textTokens != null) {
        ObjectNode decoder = sizes.get("decoder") instanceof ObjectNode d ? d
            : sizes.putObject("decoder");
        decoder.put("textTokens", textTokens);
      }
      layer.set("model", sizes);
    }
    if (workers != null) {
      layer.put("workers", workers);
    }
    if (maxImagePixels != null) {
      layer.put("maxImagePixels", maxImagePixels);
    }
    if (steps != null) {
      train.put("steps", steps);
    }
    if (batch != null) {
      train.put("batchSize", batch);
    }
    if (accumulation != null) {
      train.put("accumulation", accumulation);
    }
    if (lr != null) {
      train.put("lr", lr);
    }
    if (vitLrScale != null) {
      train.put("vitLrScale", vitLrScale);
    }
    if (seed != null) {
      train.put("seed", seed);
    }
    if (checkpointEvery != null) {
      train.put("checkpointEvery", checkpointEvery);
    }
    if (valEvery != null) {
      train.put("valEvery", valEvery);
    }
    if (valShare != null) {
      train.put("valShare", valShare);
    }
    if (freeze != null) {
      for (String part : freeze) {
        if (!List.of("vit", "projector", "decoder").contains(part)) {
          throw VitpException.userError("Expected --freeze parts from vit, projector, decoder. "
              + "Received: " + part);
        }
      }
      train.put("freezeVit", freeze.contains("vit"))
          .put("freezeProjector", freeze.contains("projector"))
          .put("freezeDecoder", freeze.contains("decoder"));
    }
    if (!train.isEmpty()) {
      layer.set("train", train);
    }
    return layer;
  }

  /**
   * The source of {@code --images}: a recipe or annotation file as {@code internvl-jsonl} (its
   * records' images), a folder as {@code image-folder}.
   */
  private static ObjectNode imagesSource(ObjectMapper json, Path images) {
    String path = images.toAbsolutePath().toString();
    return Files.isDirectory(images)
        ? json.createObjectNode().put("type", "image-folder").put("root", path)
        : json.createObjectNode().put("type", "internvl-jsonl").put("recipe", path);
  }

  private static void report(PrintWriter console, PretrainResult result) {
    console.printf("%s after %d/%d steps on %s: loss %.4f; checkpoint %s%n",
        result.stoppedEarly() ? "Stopped (saved)" : "Finished", result.completedSteps(),
        result.totalSteps(), result.backend(), result.lastLoss(),
        result.lastCheckpoint() == null ? "none" : result.lastCheckpoint());
    if (result.skippedEmptyBatches() > 0) {
      console.println("Batches with no supervised token (skipped): "
          + result.skippedEmptyBatches());
    }
    if (result.truncatedConversations() > 0) {
      console.println("Conversations cut at the text budget: " + result.truncatedConversations());
    }
    if (result.recordsWithImagesCut() > 0) {
      console.println("Records with more images than the model's image slots (first ones shown): "
          + result.recordsWithImagesCut());
    }
    for (SkipSummary summary : result.skips()) {
      console.println(summary.report());
    }
    ImageReliance reliance = result.imageReliance();
    if (reliance != null) {
      console.printf(Locale.ROOT, "Image reliance (first %d training batches, all image tokens): "
              + "loss %.4f with each sample's image, %.4f with another sample's (gap %.4f)%n",
          reliance.batches(), reliance.ownImageLoss(), reliance.swappedImageLoss(),
          reliance.gap());
    }
  }
}
