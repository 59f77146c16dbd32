package dev.vitp.it;

import dev.vitp.it.InProcessCli.Result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitp.api.Vitp;
import dev.vitp.api.train.Checkpoints;
import dev.vitp.plugins.domains.DomainGenerator;
import dev.vitp.spi.data.GenerationRequest;
import dev.vitp.toolkit.safetensors.SafeTensorsFile;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection through the command line: a second run on a busy folder, kill -9 in the middle
 * of checkpointing, resumes that ask for changes, hostile recipes, annotations and weights,
 * mistyped values, an {@code --out} that is a file, and a non-ASCII path under {@code LC_ALL=C}.
 * Every case asserts the exit code, that stderr is one line (no stack trace) saying what is
 * wrong, and that nothing already written was lost. Runs are nano, a few steps, on tiny data;
 * the real {@code ./vitp} launcher runs where a process of its own matters (a lock holder to
 * kill, the locale).
 */
class RunFaultInjectionTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One runtime for the in-process runs: plugin discovery once, not per command. */
  private static final Vitp VITP = Vitp.create();

  @TempDir static Path dir;
  private static Path data;
  private static Path recipe;

  @BeforeAll
  static void generate() {
    data = dir.resolve("data");
    DomainGenerator.domain("remote-sensing").generate(
        GenerationRequest.of(data, 24, 3, 64).withThreads(2).withDownstreamSamples(0));
    recipe = data.resolve("recipe.json");
  }

  // ---------------------------------------------------------------------- one owner per folder

  @Test
  void aSecondRunIsRefusedWhileAKilledRunResumesOnlyAsItWas() throws Exception {
    assumeLauncher();
    Path run = dir.resolve("busy");
    Process holder = launch(Map.of(), "pretrain", "--recipe", recipe.toString(), "--steps",
        "100000", "--batch", "2", "--workers", "1", "--checkpoint-every", "1", "--out",
        run.toString());
    try {
      awaitCheckpoint(holder, run, 2);
      String pid = "pid " + holder.pid();
      assertTrue(Files.readString(run.resolve("run.lock")).startsWith(pid + " "));
      // Neither a new run, nor --overwrite, nor a resume may touch a folder in use.
      for (List<String> extra : List.of(List.<String>of(), List.of("--overwrite"))) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--recipe", recipe.toString(),
            "--steps", "3", "--out", run.toString()));
        args.addAll(extra);
        assertOneLine(cli(args.toArray(String[]::new)), 2, "in use by " + pid);
      }
      assertOneLine(cli("pretrain", "--resume", "--out", run.toString()), 2,
          "in use by " + pid);
      assertTrue(Files.exists(run.resolve(Checkpoints.POINTER)), "nothing deleted");
      killDuringASave(holder, run);
    } finally {
      holder.destroyForcibly().waitFor();
    }
    List<Path> orphans = tempFiles(run);
    System.out.println("kill -9 landed inside a checkpoint write: " + !orphans.isEmpty());
    if (orphans.isEmpty()) {
      // The kill fell between two writes: leave what a kill inside one leaves.
      Path orphan = run.resolve(".checkpoint-999.safetensors3k9x2a.tmp");
      Files.write(orphan, new byte[4096]);
      orphans = List.of(orphan);
    }
    long step = new Checkpoints(JSON).latest(run).step();
    assertTrue(step >= 2, "step " + step);

    Result changed = cli("pretrain", "--resume", "--out", run.toString(), "--lr", "0.5",
        "--batch", "3");
    assertOneLine(changed, 2, "changes that resuming cannot apply", "train.lr", "train.batchSize");
    Result shorter = cli("pretrain", "--resume", "--out", run.toString(), "--steps",
        Long.toString(step + 2));
    assertOneLine(shorter, 2, "train.steps 100000 -> " + (step + 2), "--extend");
    Result below = cli("pretrain", "--resume", "--extend", "--out", run.toString(), "--steps",
        Long.toString(step - 1));
    assertOneLine(below, 2, "Expected train.steps >= the step the run is at",
        "train.steps=" + (step - 1), "run at step " + step);
    assertEquals(step, new Checkpoints(JSON).latest(run).step(), "refusals leave the run as is");

    Result resumed = cli("pretrain", "--resume", "--extend", "--out", run.toString(), "--steps",
        Long.toString(step + 2), "--workers", "1");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("Resuming " + run + " at step " + step), resumed.out());
    for (Path orphan : orphans) {
      assertFalse(Files.exists(orphan), orphan + " is left after the resume");
    }
    assertTrue(tempFiles(run).isEmpty(), tempFiles(run).toString());
    assertEquals(step + 2, new Checkpoints(JSON).latest(run).step());
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(step + 2, lines.size(), "one metrics line per step across the kill");
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(i + 1, JSON.readTree(lines.get(i)).get("step").asLong());
    }
  }

  /** Waits until the holder has saved {@code step}, failing early if it died. */
  private static void awaitCheckpoint(Process holder, Path run, long step) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!holder.isAlive()) {
        throw new AssertionError("the run ended early: " + stderr(holder));
      }
      try {
        if (Files.exists(run.resolve(Checkpoints.POINTER))
            && new Checkpoints(JSON).latest(run).step() >= step) {
          return;
        }
      } catch (RuntimeException beingReplaced) {
        // read between two writes; try again
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no checkpoint of step " + step + " within 180 s");
  }

  /** kill -9 as soon as a checkpoint's temp file is seen (within a few seconds). */
  private static void killDuringASave(Process holder, Path run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline && tempFiles(run).isEmpty()) {
      Thread.onSpinWait();
    }
    holder.destroyForcibly(); // SIGKILL
    assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
  }

  private static List<Path> tempFiles(Path run) throws Exception {
    try (Stream<Path> files = Files.list(run)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".")
          && p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  // ------------------------------------------------------------------------- hostile recipes

  @Test
  void repeatTimeIsFiniteAndBoundedAndTheVocabularyCostsOneReadOfTheRecords() throws Exception {
    for (String repeat : List.of("1e6", "1e300", "-1", "2.5")) {
      Result r = cli("pretrain", "--recipe", recipeWithRepeat(repeat).toString(), "--steps",
          "1", "--out", dir.resolve("repeat-" + repeat).toString());
      assertOneLine(r, 2, "Expected repeat_time in (0, 1] or an integer from 2 to 10000",
          "recipe entry");
    }
    Result nan = cli("pretrain", "--recipe", recipeWithRepeat("NaN").toString(), "--steps", "1",
        "--out", dir.resolve("repeat-nan").toString());
    assertOneLine(nan, 2, "Expected a recipe of JSON", "NaN");

    // The largest repeat trains; its vocabulary is fitted on the 24 distinct records, not on
    // 240 000 repeated ones, and is the vocabulary of repeat 1.
    Path big = dir.resolve("repeat-max");
    Result ok = cli("pretrain", "--recipe", recipeWithRepeat("10000").toString(), "--steps", "1",
        "--batch", "2", "--workers", "1", "--out", big.toString());
    assertEquals(0, ok.exit(), ok.err());
    Path once = dir.resolve("repeat-1");
    assertEquals(0, cli("pretrain", "--recipe", recipe.toString(), "--steps", "1", "--batch",
        "2", "--workers", "1", "--out", once.toString()).exit());
    assertEquals(JSON.readTree(once.resolve("tokenizer.json").toFile()),
        JSON.readTree(big.resolve("tokenizer.json").toFile()),
        "repeat_time weights sampling, not the vocabulary");
  }

  /** The generated recipe with every entry's repeat_time set to {@code repeat}, verbatim. */
  private static Path recipeWithRepeat(String repeat) throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(recipe.toFile());
    tree.fields().forEachRemaining(e -> ((ObjectNode) e.getValue()).put("repeat_time", 0));
    Path file = data.resolve("recipe-repeat-" + repeat + ".json");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
        .replace("\"repeat_time\" : 0", "\"repeat_time\" : " + repeat));
    return file;
  }

  // -------------------------------------------------------------------- hostile annotations

  @Test
  void aDotaCoordinateOf1e30IsANamedSkipOrAOneLineStop() throws Exception {
    Path dota = dir.resolve("dota");
    for (String split : List.of("train", "val")) {
      for (int i = 0; i < 3; i++) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        img.setRGB(10 + i, 10, 0xffffff);
        Path png = dota.resolve(split + "/images/P000" + i + ".png");
        Files.createDirectories(png.getParent());
        ImageIO.write(img, "png", png.toFile());
        Path txt = dota.resolve(split + "/labelTxt/P000" + i + ".txt");
        Files.createDirectories(txt.getParent());
        Files.writeString(txt, (split.equals("train") && i == 1 ? "1e30" : "8") + " 8 30 8 30 "
            + "30 8 30 plane 0\n10 40 20 40 20 50 10 50 ship 0\n");
      }
    }
    String bad = dota.resolve("train/labelTxt/P0001.txt").toString();
    Result fail = cli("finetune", "--task", "detection", "--data", dota.toString(),
        "--on-bad-file", "fail", "--epochs", "1", "--batch", "2", "--out",
        dir.resolve("ft-dota-fail").toString());
    assertOneLine(fail, 2, bad + ": bad annotation", "x=1.0E30 is not within [-64, 128]");

    Result skip = cli("finetune", "--task", "detection", "--data", dota.toString(), "--epochs",
        "1", "--batch", "2", "--out", dir.resolve("ft-dota-skip").toString());
    assertEquals(0, skip.exit(), skip.err());
    assertTrue(skip.out().contains("2 train / 3 val samples"), skip.out());
    assertTrue(skip.out().contains("skipped 1") && skip.out().contains("bad annotation"), skip.out());

    // A fine-tuning folder, like a pretraining one, loses the temp files a crashed write left
    // when it is claimed again (here by a run that then stops at the bad file).
    Path orphan = dir.resolve("ft-dota-skip/.best.safetensors8f2k1.tmp");
    Files.write(orphan, new byte[1024]);
    Result again = cli("finetune", "--task", "detection", "--data", dota.toString(),
        "--on-bad-file", "fail", "--overwrite", "--out", dir.resolve("ft-dota-skip").toString());
    assertOneLine(again, 2, bad + ": bad annotation");
    assertFalse(Files.exists(orphan), "the orphan is left in the fine-tuning folder");

    // An unknown policy is refused, not read as skip.
    Result bogus = cli("finetune", "--task", "detection", "--data", dota.toString(),
        "--on-bad-file", "bogus", "--out", dir.resolve("ft-dota-bogus").toString());
    assertOneLine(bogus, 2, "bogus", "skip", "fail");
    assertFalse(Files.exists(dir.resolve("ft-dota-bogus")), "refused before any file");
  }

  // ------------------------------------------------------------------------ hostile weights

  @Test
  void aNanWeightInABackboneIsRefusedAtLoadByEmbedAndFinetune() throws Exception {
    Path run = dir.resolve("nan-run");
    assertEquals(0, cli("pretrain", "--recipe", recipe.toString(), "--steps", "1", "--batch",
        "2", "--workers", "1", "--out", run.toString()).exit());
    Path backbone = dir.resolve("nan.safetensors");
    assertEquals(0, cli("export-backbone", "--run", run.toString(), "--out",
        backbone.toString()).exit());
    poison(backbone, "encoder.layers.1.mlp.fc1.weight", 7, Float.NaN);
    Path images = Files.createDirectories(dir.resolve("nan-images"));
    try (Stream<Path> pngs = Files.walk(data)) {
      for (Path png : pngs.filter(p -> p.toString().endsWith(".png")).sorted().limit(2).toList()) {
        Files.copy(png, images.resolve(png.getFileName()));
      }
    }
    Path features = dir.resolve("nan-features.safetensors");
    Result embed = cli("embed", "--backbone", backbone.toString(), "--images", images.toString(),
        "--out", features.toString());
    assertOneLine(embed, 2, "Expected finite backbone weights",
        "1 non-finite value(s) in tensor encoder.layers.1.mlp.fc1.weight", "NaN at index 7");
    assertFalse(Files.exists(features), "no all-NaN features written");

    Path ft = dir.resolve("nan-ft");
    Result finetune = cli("finetune", "--task", "classification", "--data", dir.toString(),
        "--backbone", backbone.toString(), "--out", ft.toString());
    assertOneLine(finetune, 2, "Expected finite backbone weights");
  }

  /** Overwrites element {@code index} of a float32 tensor in place. */
  private static void poison(Path file, String tensor, int index, float value) throws Exception {
    long begin;
    try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
      begin = f.entry(tensor).begin();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] length = new byte[8];
      raf.readFully(length);
      long header = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
      raf.seek(8 + header + begin + 4L * index);
      raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
    }
  }

  // ---------------------------------------------------------------------- mistyped values

  @Test
  void unknownEnumValuesAreOneLineErrors() throws Exception {
    Path out = dir.resolve("enum");
    assertOneLine(cli("pretrain", "--recipe", recipe.toString(), "--on-bad-record", "bogus",
        "--steps", "1", "--out", out.toString()), 2, "bogus", "skip", "fail");
    String source = JSON.writeValueAsString(Map.of("type", "internvl-jsonl", "recipe",
        recipe.toString(), "normalization", "bogus"));
    assertOneLine(cli("pretrain", "--source", source, "--steps", "1", "--out", out.toString()),
        2, "Unknown normalization [bogus]");
    assertOneLine(cli("pretrain", "--recipe", recipe.toString(), "--preset", "bogus", "--steps",
        "1", "--out", out.toString()), 2, "Unknown preset [bogus]");
    assertOneLine(cli("pretrain", "--recipe", recipe.toString(), "--token-drop", "bogus",
        "--steps", "1", "--out", out.toString()), 2, "Unknown tokenDrop [bogus]");
    assertOneLine(cli("embed", "--backbone", "x", "--images", dir.toString(), "--pool", "bogus",
        "--out", dir.resolve("enum.safetensors").toString()), 2, "--pool", "bogus");
    assertOneLine(cli("pretrain", "--recipe", recipe.toString(), "--steps", "many", "--out",
        out.toString()), 2, "--steps", "many", "--help lists the options");
    assertOneLine(cli("pretrain", "--recipe", recipe.toString(), "--stepz", "1", "--out",
        out.toString()), 2, "--stepz", "--help lists the options");
    assertTrue(!Files.exists(out) || isEmptyButTheLock(out), "nothing written for a refusal");
  }

  private static boolean isEmptyButTheLock(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.allMatch(p -> p.getFileName().toString().equals("run.lock"));
    }
  }

  // --------------------------------------------------------------------- --out, the wrong kind

  @Test
  void aFailedRunRemovesTheFolderItCreatedAndLeavesAnExistingOne() throws Exception {
    Path fresh = dir.resolve("failed-fresh");
    assertOneLine(cli("finetune", "--task", "classification", "--data",
        dir.resolve("no-such-data").toString(), "--out", fresh.resolve("ft").toString()), 2,
        "vitp finetune: Expected a dataset folder");
    assertOneLine(cli("pretrain", "--recipe", dir.resolve("no-such.json").toString(), "--steps",
        "1", "--out", fresh.resolve("pt").toString()), 2, "vitp pretrain: Expected an existing");
    assertFalse(Files.exists(fresh.resolve("ft")), "no folder, no lone finetune.json or lock");
    assertFalse(Files.exists(fresh.resolve("pt")), "no folder, no lone run.lock");
    Path existing = Files.createDirectories(dir.resolve("failed-existing"));
    assertOneLine(cli("finetune", "--task", "classification", "--data",
        dir.resolve("no-such-data").toString(), "--out", existing.toString()), 2,
        "Expected a dataset folder");
    assertTrue(Files.isDirectory(existing), "a folder the user made stays");
  }

  @Test
  void anOutThatIsAnExistingFileIsOneLineForEveryCommand() throws Exception {
    Path file = dir.resolve("i-am-a-file.txt");
    Files.writeString(file, "keep me");
    String f = file.toString();
    String folderOfFile = "Expected --out to name a folder (new or existing). Received: " + f
        + " is an existing file";
    assertOneLine(cli("pretrain", "--recipe", recipe.toString(), "--steps", "1", "--out", f), 2,
        folderOfFile);
    assertOneLine(cli("pretrain", "--resume", "--out", f), 2, folderOfFile);
    assertOneLine(cli("finetune", "--task", "classification", "--data", dir.toString(),
        "--out", f), 2, folderOfFile);
    assertOneLine(cli("generate", "--samples", "2", "--out", f), 2, folderOfFile);
    assertOneLine(cli("compare", "--data", dir.toString(), "--start", "random_init=random",
        "--out", f), 2, folderOfFile);
    assertOneLine(cli("experiment", "vrl-sweep", "--quick", "--out", f), 2, folderOfFile);
    assertOneLine(cli("demo", "--out", f), 2, folderOfFile);
    assertOneLine(cli("generate", "--samples", "2", "--out", file.resolve("below").toString()),
        2, "lies under " + f + ", an existing file");
    // export-backbone writes a HuggingFace folder to any path but a .safetensors file.
    assertOneLine(cli("export-backbone", "--run", dir.toString(), "--out", f), 2, folderOfFile);
    // Commands that write one file refuse a folder instead.
    Path folder = Files.createDirectories(dir.resolve("a-folder.safetensors"));
    assertOneLine(cli("export-backbone", "--run", dir.toString(), "--out", folder.toString()), 2,
        "Expected --out to name a file to write. Received: " + folder + " is a folder");
    assertOneLine(cli("embed", "--backbone", "x", "--images", dir.toString(), "--out",
        dir.toString()), 2, "Expected --out to name a file to write");
    assertEquals("keep me", Files.readString(file), "nothing lost");
  }

  // ---------------------------------------------------------------------- non-ASCII paths

  @Test
  void aNonAsciiPathWorksUnderLcAllCThroughTheLauncher() throws Exception {
    assumeLauncher();
    Assumptions.assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding"))
        .equals(StandardCharsets.UTF_8), "this JVM itself cannot name the test's folder");
    Path out = dir.resolve("bilder-ä").resolve("gen");
    Result r = launcher(Map.of("LC_ALL", "C"), "generate", "--samples", "4",
        "--downstream-samples", "0", "--image-size", "32", "--threads", "1", "--out",
        out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("recipe.json")), out + " holds no recipe.json");

    // Without the launcher's UTF-8 locale the JVM cannot name it: one line that says why.
    Result bare = java(Map.of("LC_ALL", "C"), "generate", "--samples", "4", "--out",
        dir.resolve("bilder-ö").toString());
    assertOneLine(bare, 2, "UTF-8 locale");
  }

  // -------------------------------------------------------------------------------- helpers

  /** The command line in this JVM, its output captured. */
  private static Result cli(String... args) {
    return InProcessCli.vitp(() -> VITP, args);
  }

  /**
   * Exit {@code exit} and a stderr of exactly one {@code vitp COMMAND: } line holding every fragment: no
   * usage text, no stack trace. The JVM's own note about incubator modules is not vitp's.
   */
  private static void assertOneLine(Result r, int exit, String... fragments) {
    List<String> lines = r.err().lines()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    assertEquals(exit, r.exit(), r.err());
    assertEquals(1, lines.size(), r.err());
    String line = lines.get(0);
    assertTrue(line.matches("vitp [a-z-]+: .*"), "one line naming the command: " + line);
    for (String fragment : fragments) {
      assertTrue(line.contains(fragment), "[" + fragment + "] not in: " + line);
    }
  }

  private static void assumeLauncher() {
    Assumptions.assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/vitp.jar")),
        "cli/target/vitp.jar is not built (run the full reactor build: mvn -B verify)");
  }

  /** {@code ./vitp ARGS} as a process of its own, with a home of its own (no ~/.vitp). */
  private static Process launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("vitp").toString()));
    command.addAll(List.of(args));
    return start(command, env);
  }

  /** Starts {@code command}; stdout and stderr go to files (a long run never blocks on a pipe). */
  private static Process start(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    builder.environment().put("HOME", dir.toString());
    builder.environment().remove("VITP_PLUGIN_PATH");
    builder.environment().putAll(env);
    Path stdout = Files.createTempFile(dir, "out", ".txt");
    Path stderr = Files.createTempFile(dir, "err", ".txt");
    Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
        .start();
    ERR.put(process, stderr);
    try (OutputStream in = process.getOutputStream()) {
      // no input
    }
    return process;
  }

  private static final Map<Process, Path> ERR = new java.util.concurrent.ConcurrentHashMap<>();

  private static String stderr(Process process) throws Exception {
    return Files.readString(ERR.get(process));
  }

  private static Result launcher(Map<String, String> env, String... args) throws Exception {
    return finish(launch(env, args), args);
  }

  /** The jar under plain {@code java}, without the launcher's locale handling. */
  private static Result java(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-jar", ROOT.resolve("cli/target/vitp.jar").toString()));
    command.addAll(List.of(args));
    return finish(start(command, env), args);
  }

  private static Result finish(Process process, String... args) throws Exception {
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "vitp " + String.join(" ", args));
    return new Result(process.exitValue(), "", stderr(process));
  }
}
