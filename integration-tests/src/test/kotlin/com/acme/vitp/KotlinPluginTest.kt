package com.acme.vitp

import dev.vitp.api.Vitp
import dev.vitp.spi.ComponentKind
import dev.vitp.spi.InstructionSourceConfig
import dev.vitp.spi.TokenDropConfig
import dev.vitp.spi.VitpException
import dev.vitp.spi.data.Role
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.SplittableRandom

/** The Kotlin plugin is found through ServiceLoader and used through the runtime, from Kotlin. */
class KotlinPluginTest {
    private val vitp = Vitp.create()

    @Test
    fun `discovers the Kotlin plugin through ServiceLoader`() {
        val acme = vitp.plugins().single { it.id() == "acme" }
        assertEquals(AcmePlugin::class.java.name, acme.className())
        assertEquals(listOf("acme-stride"), acme.components(ComponentKind.TOKEN_DROP))
        assertEquals(listOf("acme-inline"), acme.components(ComponentKind.INSTRUCTION_SOURCE))
        assertTrue("acme-stride" in vitp.componentNames(ComponentKind.TOKEN_DROP))
        assertTrue("uniform" in vitp.componentNames(ComponentKind.TOKEN_DROP))
    }

    @Test
    fun `reads a stride config through the runtime and uses the strategy`() {
        val config = vitp.readConfig("""{"type":"acme-stride","stride":3}""", TokenDropConfig::class.java)
        assertEquals(AcmeStrideConfig(stride = 3), config)

        val kept = vitp.tokenDrop(config).select(2, 10, SplittableRandom(42))
        assertEquals(2, kept.batchSize())
        assertArrayEquals(intArrayOf(0, 3, 6, 9), kept.positions(0))
        assertArrayEquals(intArrayOf(0, 3, 6, 9), kept.positions(1))

        // Kotlin default values apply to absent fields (jackson-module-kotlin, found by the runtime).
        assertEquals(AcmeStrideConfig(), vitp.readConfig("""{"type":"acme-stride"}""", TokenDropConfig::class.java))
        assertEquals(5, vitp.tokenDrop("acme-stride").select(1, 10, SplittableRandom(1)).keptPerSample())

        // Serialization writes the registered name back.
        val json = vitp.objectMapper().writeValueAsString(AcmeStrideConfig(4))
        assertEquals("""{"type":"acme-stride","stride":4}""", json)
    }

    @Test
    fun `validation in a Kotlin init block reaches the caller as a VitpException`() {
        val e = assertThrows<VitpException> {
            vitp.readConfig("""{"type":"acme-stride","stride":0}""", TokenDropConfig::class.java)
        }
        assertEquals("Expected stride >= 1 for tokenDrop [acme-stride]. Received: stride=0", e.message)
    }

    @Test
    fun `reads and uses the inline instruction source`() {
        val config = vitp.readConfig(
            """{"type":"acme-inline","image":"harbour.png","answers":["three ships","a crane"]}""",
            InstructionSourceConfig::class.java,
        )
        assertInstanceOf(AcmeInlineConfig::class.java, config)

        val records = vitp.instructionSource(config).open().use { stream -> stream.asSequence().toList() }
        assertEquals(listOf("acme-0", "acme-1"), records.map { it.id() })
        assertEquals(listOf("harbour.png"), records[0].images())
        assertEquals(Role.GPT, records[1].conversations()[1].from())
        assertEquals("a crane", records[1].conversations()[1].value())

        // Defaults: two records about the default tile.
        val defaults = vitp.instructionSource("acme-inline").open().use { it.asSequence().count() }
        assertEquals(2, defaults)
    }

    @Test
    fun `a runtime of only the Kotlin plugin, built from Kotlin`() {
        val only = Vitp.builder().discover(false).plugin(AcmePlugin()).build()
        assertEquals(listOf("acme-stride"), only.componentNames(ComponentKind.TOKEN_DROP))
        val e = assertThrows<VitpException> { only.tokenDrop("uniform") }
        assertEquals("Unknown tokenDrop [uniform]; known options [acme-stride]", e.message)
    }
}
