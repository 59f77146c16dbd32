package com.acme.vitp

import dev.vitp.conformance.contracts.CorruptionContract
import dev.vitp.conformance.contracts.InstructionSourceContract
import dev.vitp.conformance.contracts.TokenDropContract
import dev.vitp.spi.FactoryContext
import dev.vitp.spi.corruption.Corruption
import dev.vitp.spi.data.InstructionSource
import dev.vitp.spi.vrl.TokenDropStrategy

/** The Acme plugin proves its components against vitp's shipped contracts: a few lines each. */
class AcmeStrideContractTest : TokenDropContract {
    override fun strategy(): TokenDropStrategy = acmeStride(AcmeStrideConfig(stride = 3))
}

class AcmeInlineContractTest : InstructionSourceContract {
    override fun source(): InstructionSource = AcmeInlineSource(AcmeInlineConfig(), FactoryContext.standalone())
}

class AcmeSpeckleContractTest : CorruptionContract {
    override fun corruption(): Corruption = AcmeSpeckle()
}
