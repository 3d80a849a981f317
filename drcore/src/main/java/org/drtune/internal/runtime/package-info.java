/**
 * Internal (no compatibility promise). TensorFlow session set-up: the configuration of a {@link
 * org.drtune.Device} and the process-wide GPU check.
 */
package org.drtune.internal.runtime;
