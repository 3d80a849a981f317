/**
 * The {@code drtune} command line: {@code imagenet}, {@code train}, {@code evaluate}, {@code
 * predict} and {@code demo}, built with picocli on the drtune library.
 *
 * <p>Each subcommand parses its options, builds the library's configuration records and calls the
 * library; it prints through picocli's out and err writers. {@link org.drtune.cli.Cli} wires the
 * one {@code CommandLine} used in production and in tests; {@link org.drtune.cli.ExitCode} lists
 * the exit codes. The command line imports no TensorFlow type.
 */
package org.drtune.cli;
