/**
 * What applications call: the {@link dev.vitp.api.Vitp} facade over discovered plugins, plugin
 * listings and the built-in {@link dev.vitp.api.CorePlugin}.
 */
@NullMarked
package dev.vitp.api;

import org.jspecify.annotations.NullMarked;
