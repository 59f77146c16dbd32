package com.acme.vitp

import dev.vitp.spi.ComponentKind
import dev.vitp.spi.CorruptionConfig
import dev.vitp.spi.CorruptionFactory
import dev.vitp.spi.FactoryContext
import dev.vitp.spi.InstructionSourceConfig
import dev.vitp.spi.InstructionSourceFactory
import dev.vitp.spi.PretrainObjectiveConfig
import dev.vitp.spi.PretrainObjectiveFactory
import dev.vitp.spi.TokenDropConfig
import dev.vitp.spi.TokenDropFactory
import dev.vitp.spi.VitpException
import dev.vitp.spi.VitpPlugin
import dev.vitp.spi.data.BatchStream
import dev.vitp.spi.data.InstructionRecord
import dev.vitp.spi.data.InstructionSource
import dev.vitp.spi.data.LoaderOptions
import dev.vitp.spi.data.RecordStream
import dev.vitp.spi.data.Role
import dev.vitp.spi.data.Turn
import dev.vitp.spi.backend.Shape
import dev.vitp.spi.corruption.Corruption
import dev.vitp.spi.nn.Linear
import dev.vitp.spi.pretrain.ObjectiveLoss
import dev.vitp.spi.pretrain.ObjectiveModel
import dev.vitp.spi.pretrain.ObjectiveSetup
import dev.vitp.spi.pretrain.PretrainObjective
import dev.vitp.spi.vrl.KeptTokens
import dev.vitp.spi.vrl.TokenDropStrategy
import java.nio.file.Files
import java.util.SplittableRandom

/**
 * A third-party plugin written in Kotlin, as an extension author would: a class with a public
 * no-arg constructor (not an object), listed in META-INF/services/dev.vitp.spi.VitpPlugin.
 */
class AcmePlugin : VitpPlugin {
    override fun id(): String = "acme"

    override fun tokenDrops(): List<TokenDropFactory> = listOf(
        TokenDropFactory.of("acme-stride", AcmeStrideConfig::class.java, ::acmeStride, "keeps every k-th image token"),
    )

    override fun objectives(): List<PretrainObjectiveFactory> = listOf(
        PretrainObjectiveFactory.of(
            "acme-mean-colour",
            AcmeMeanColourConfig::class.java,
            { AcmeMeanColour() },
            "the CLS token learns each image's mean colour (a toy third objective)",
        ),
    )

    override fun corruptions(): List<CorruptionFactory> = listOf(
        CorruptionFactory.of("acme-speckle", AcmeSpeckleConfig::class.java, { AcmeSpeckle() }, "SAR speckle: multiplicative noise"),
    )

    override fun instructionSources(): List<InstructionSourceFactory> = listOf(
        InstructionSourceFactory.withContext(
            "acme-inline",
            AcmeInlineConfig::class.java,
            { config, context -> AcmeInlineSource(config, context) },
            "captions of one tile, batched by the built-in InternVL loader",
        ),
    )
}

/** `{"type": "acme-speckle"}`. */
class AcmeSpeckleConfig : CorruptionConfig {
    override fun equals(other: Any?): Boolean = other is AcmeSpeckleConfig
    override fun hashCode(): Int = 0
}

/**
 * SAR speckle, the corruption a radar team would add: each value is multiplied by 1 + σ·n, n
 * standard normal, σ = 0.15 × severity, and clamped to [0, 1].
 */
class AcmeSpeckle : Corruption {
    override fun apply(image: FloatArray, width: Int, height: Int, severity: Int, seed: Long): FloatArray {
        if (severity !in 0..Corruption.MAX_SEVERITY) {
            throw VitpException.userError("Expected a severity in 0..${Corruption.MAX_SEVERITY}. Received: $severity")
        }
        if (severity == 0) {
            return image.clone()
        }
        val random = SplittableRandom(seed)
        val sigma = 0.15 * severity
        return FloatArray(image.size) { i ->
            (image[i] * (1 + sigma * gaussian(random))).coerceIn(0.0, 1.0).toFloat()
        }
    }

    private fun gaussian(random: SplittableRandom): Double {
        val u = 1 - random.nextDouble()
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble())
    }
}

/** `{"type": "acme-mean-colour"}`. */
class AcmeMeanColourConfig : PretrainObjectiveConfig {
    override fun equals(other: Any?): Boolean = other is AcmeMeanColourConfig
    override fun hashCode(): Int = 0
}

/**
 * A trivial third pretraining objective, written only against the SPI: a linear head on the ViT's
 * CLS token regresses each image's mean colour. Its head lives under `acme_colour.*`, so the
 * exported backbone is the ViT alone.
 */
class AcmeMeanColour : PretrainObjective {
    override fun build(setup: ObjectiveSetup): ObjectiveModel {
        val vit = setup.backbone()
        val head = Linear(setup.scope().child("acme_colour"), vit.width(), 3, true)
        return ObjectiveModel { step, batch, _ ->
            val m = step.math()
            val n = batch.imageCount()
            val size = batch.imageSize()
            val plane = size * size
            val target = FloatArray(n * 3) { i -> (0 until plane).sumOf { p -> batch.images()[i * plane + p].toDouble() }.toFloat() / plane }
            val tokens = vit.forward(step, step.constant(batch.images(), Shape.of(n, 3, size, size)), vit.depth())[0]
            val cls = m.reshape(m.slice(tokens, 1, 0, 1), n, vit.width())
            val error = m.square(m.sub(head.forward(step, cls), step.constant(target, Shape.of(n, 3))))
            ObjectiveLoss(m.mean(m.mean(error, 1, false), 0, false), vit.grid() * vit.grid())
        }
    }
}

/** `{"type": "acme-stride", "stride": 3}`; `stride` defaults to 2 when absent. */
data class AcmeStrideConfig(val stride: Int = 2) : TokenDropConfig {
    init {
        if (stride < 1) {
            throw VitpException.userError("Expected stride >= 1 for tokenDrop [acme-stride]. Received: stride=$stride")
        }
    }
}

/** Keeps positions 0, k, 2k, … of every sample; needs no randomness. */
fun acmeStride(config: AcmeStrideConfig): TokenDropStrategy = TokenDropStrategy { batchSize, tokenCount, _ ->
    val kept = IntArray((tokenCount + config.stride - 1) / config.stride) { it * config.stride }
    KeptTokens.of(tokenCount, Array(batchSize) { kept.clone() })
}

/**
 * `{"type": "acme-inline", "image": "...", "answers": ["...", ...]}`: one captioning record per
 * answer, about the same image. Every field has a default.
 */
data class AcmeInlineConfig(
    val image: String = "acme/tile-0001.png",
    val answers: List<String> = listOf("a harbour with three ships", "an airport with two runways"),
) : InstructionSourceConfig

/**
 * Records come from the config; decoding and batching are the built-in loader's job, reached
 * through the runtime's [FactoryContext]: the records are written as InternVL JSONL into the run
 * folder and a nested `internvl-jsonl` source batches them.
 */
class AcmeInlineSource(private val config: AcmeInlineConfig, private val context: FactoryContext) : InstructionSource {
    fun records(): List<InstructionRecord> = config.answers.mapIndexed { i, answer ->
        InstructionRecord(
            "acme-$i",
            listOf(config.image),
            listOf(Turn(Role.HUMAN, "<image>\nDescribe the scene."), Turn(Role.GPT, answer)),
        )
    }

    override fun open(): RecordStream = RecordStream.of(records())

    override fun batches(options: LoaderOptions): BatchStream {
        val folder = context.runFolder()
            ?: throw VitpException.unsupported("Expected a run folder for source [acme-inline] to batch in. Received: none")
        val image = context.resolve(config.image).toAbsolutePath()
        val lines = records().map { record ->
            context.toJson(
                mapOf(
                    "id" to record.id(),
                    "image" to image.fileName.toString(),
                    "conversations" to record.conversations().map { turn ->
                        mapOf("from" to turn.from().name.lowercase(), "value" to turn.value())
                    },
                ),
            )
        }
        val annotation = folder.resolve("acme-inline.jsonl")
        Files.write(annotation, lines)
        val recipe = folder.resolve("acme-recipe.json")
        Files.writeString(
            recipe,
            context.toJson(mapOf("acme" to mapOf("root" to image.parent.toString(), "annotation" to annotation.toString(), "repeat_time" to 1))),
        )
        val nested = context.readJson(
            context.toJson(mapOf("type" to "internvl-jsonl", "recipe" to recipe.toString())),
            InstructionSourceConfig::class.java,
        )
        return (context.create(ComponentKind.INSTRUCTION_SOURCE, nested) as InstructionSource).batches(options)
    }
}
