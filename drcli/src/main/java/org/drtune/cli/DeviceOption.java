package org.drtune.cli;

import org.drtune.Device;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --device} option of the commands that run a model. */
final class DeviceOption {
  @Option(
      names = "--device",
      paramLabel = "auto|cpu|gpu[:N]",
      converter = Converter.class,
      description =
          "Where TensorFlow runs (default: auto = a GPU when the GPU build sees one, else the"
              + " CPU).")
  Device device;

  Device device() {
    return device == null ? Device.auto() : device;
  }

  /** Parses a device, naming the valid forms when it is wrong. */
  static final class Converter implements CommandLine.ITypeConverter<Device> {
    @Override
    public Device convert(String value) {
      try {
        return Device.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
