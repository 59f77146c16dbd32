/** The synthetic medical domain: CT-like volumes, X-ray-like and two-contrast MRI-like images. */
@NullMarked
package dev.vitp.plugins.domains.medical;

import org.jspecify.annotations.NullMarked;
