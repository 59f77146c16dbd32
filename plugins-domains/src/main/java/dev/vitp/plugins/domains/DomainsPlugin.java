package dev.vitp.plugins.domains;

import dev.vitp.plugins.domains.instruct.ImageFolderConfig;
import dev.vitp.plugins.domains.instruct.InternVlJsonlConfig;
import dev.vitp.plugins.domains.loader.ImageFolderSource;
import dev.vitp.plugins.domains.loader.InternVlSource;
import dev.vitp.plugins.domains.medical.MedicalConfig;
import dev.vitp.plugins.domains.medical.MedicalDomain;
import dev.vitp.plugins.domains.remotesensing.RemoteSensingConfig;
import dev.vitp.plugins.domains.remotesensing.RemoteSensingDomain;
import dev.vitp.spi.DomainFactory;
import dev.vitp.spi.InstructionSourceFactory;
import dev.vitp.spi.VitpPlugin;
import java.util.List;

/**
 * The first-party domain plugin: the {@code internvl-jsonl} and {@code image-folder} instruction
 * sources and the
 * {@code remote-sensing} (default) and {@code medical} domains.
 */
public final class DomainsPlugin implements VitpPlugin {
  public static final String ID = "domains";

  public DomainsPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<InstructionSourceFactory> instructionSources() {
    return List.of(InstructionSourceFactory.of("internvl-jsonl", InternVlJsonlConfig.class,
        InternVlSource::new, "InternVL/LLaVA recipe + JSONL records with images, validated, "
            + "decoded and batched on background threads"),
        InstructionSourceFactory.of(ImageFolderSource.NAME, ImageFolderConfig.class,
            ImageFolderSource::new, "every image under a folder (png, jpg, tif, bmp; recursive, "
                + "sorted) as a record without text, for image-only objectives such as mae"));
  }

  @Override
  public List<DomainFactory> domains() {
    return List.of(
        DomainFactory.of(RemoteSensingDomain.NAME, RemoteSensingConfig.class,
            RemoteSensingDomain::new, "synthetic aerial scenes, optical + SAR (default domain)"),
        DomainFactory.of(MedicalDomain.NAME, MedicalConfig.class, MedicalDomain::new,
            "synthetic CT, X-ray and two-contrast MRI with organ and lesion masks"));
  }
}
