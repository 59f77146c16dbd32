package com.acme.vitp

import dev.vitp.api.Vitp
import dev.vitp.plugins.domains.DomainGenerator
import dev.vitp.spi.data.GenerationRequest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Path

/** The README's Kotlin program: pretrain with the plugin's VRL strategy, export, fine-tune. */
class KotlinFacadeTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `pretrains with a plugin of its own and fine-tunes through the facade`() {
        DomainGenerator.domain("remote-sensing")
            .generate(GenerationRequest.of(dir.resolve("data"), 24, 3, 64).withThreads(2).withDownstreamSamples(16))
        val recipe = dir.resolve("data/recipe.json")
        val labels = dir.resolve("data/downstream/scene-classification")

        // --- the README's program, as a user writes it ---
        val vitp = Vitp.create() // finds AcmePlugin through ServiceLoader
        val json = vitp.objectMapper()
        val run = vitp.runConfig(
            json.readTree(
                """{"source": {"type": "internvl-jsonl", "recipe": "$recipe"},
                    "tokenDrop": {"type": "acme-stride", "stride": 2},
                    "train": {"steps": 2, "batchSize": 2}}""",
            ),
        )
        val pretrained = vitp.pretrain(run, dir.resolve("run"))
        val backbone = vitp.exportBackbone(dir.resolve("run"), dir.resolve("backbone.safetensors"))
        val finetune = vitp.finetuneConfig(
            json.readTree(
                """{"head": {"type": "classification"}, "data": {"path": "$labels"},
                    "backbone": {"type": "vit", "source": "${backbone.weights()}"},
                    "recipe": {"type": "supervised", "epochs": 1, "batch": 4}}""",
            ),
        )
        val result = vitp.finetune(finetune, dir.resolve("cls")) { epoch -> println("epoch ${epoch.epoch()}: ${epoch.trainLoss()}") }
        println("accuracy ${result.best().values()["accuracy"]}")
        // --- end of the program ---

        // A third objective from the same plugin trains the same ViT; its head is not exported.
        val colour = vitp.pretrain(
            vitp.runConfig(json.readTree("""{"source": {"type": "internvl-jsonl", "recipe": "$recipe"},
                "objective": {"type": "acme-mean-colour"}, "train": {"steps": 2, "batchSize": 2}}""")),
            dir.resolve("colour"),
        )
        val colourBackbone = vitp.exportBackbone(dir.resolve("colour"), dir.resolve("colour.safetensors"))
        assertTrue(colour.lastLoss().isFinite())
        assertEquals(backbone.vit(), colourBackbone.vit())

        assertEquals(2, pretrained.completedSteps())
        assertEquals(AcmeStrideConfig(2), run.tokenDrop())
        assertEquals("classification", result.task())
        assertTrue(result.best().values().containsKey("accuracy"), result.best().values().toString())
    }
}
