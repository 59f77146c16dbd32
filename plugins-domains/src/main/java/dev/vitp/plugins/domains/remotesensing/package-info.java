/** The synthetic remote-sensing domain: procedural aerial scenes in optical and SAR modalities. */
@NullMarked
package dev.vitp.plugins.domains.remotesensing;

import org.jspecify.annotations.NullMarked;
