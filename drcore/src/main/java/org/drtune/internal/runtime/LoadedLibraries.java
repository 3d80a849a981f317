package org.drtune.internal.runtime;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The shared libraries loaded into this process (Linux {@code /proc/self/maps}) and the addresses,
 * in this process, of the writable data objects their ELF symbol tables name: how {@link
 * NativeLogging} finds TensorFlow's private log-level integers. Every address it gives lies in a
 * writable section of the file and in a writable mapping of the process; a library whose mapped ELF
 * header differs from its file, or that has no symbol table (stripped), gives none.
 */
final class LoadedLibraries {
  private LoadedLibraries() {}

  /** A line of {@code /proc/self/maps}. */
  record Mapping(long start, long end, String perms, long offset, String path) {
    boolean holds(long address, int size) {
      return address >= start && address + size <= end;
    }
  }

  /** A data object found in a library: its name, size and address in this process. */
  record DataSymbol(String name, long size, long address) {}

  /** The mappings of this process; empty where {@code /proc/self/maps} cannot be read. */
  static List<Mapping> mappings() throws IOException {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    List<Mapping> all = new ArrayList<>();
    for (String line : Files.readAllLines(maps)) {
      String[] f = line.trim().split("\\s+", 6);
      if (f.length < 5) {
        continue;
      }
      int dash = f[0].indexOf('-');
      all.add(
          new Mapping(
              Long.parseUnsignedLong(f[0].substring(0, dash), 16),
              Long.parseUnsignedLong(f[0].substring(dash + 1), 16),
              f[1],
              Long.parseUnsignedLong(f[2], 16),
              f.length == 6 ? f[5] : ""));
    }
    return all;
  }

  /**
   * The loaded files whose name starts with {@code prefix}, each with the address its first page
   * (the ELF header) is mapped at.
   */
  static Map<Path, Long> loaded(List<Mapping> mappings, String prefix) {
    Map<Path, Long> firstPage = new LinkedHashMap<>();
    for (Mapping m : mappings) {
      String name = m.path().substring(m.path().lastIndexOf('/') + 1);
      if (name.startsWith(prefix) && name.contains(".so") && m.offset() == 0) {
        firstPage.merge(Path.of(m.path()), m.start(), Math::min);
      }
    }
    return firstPage;
  }

  /**
   * The writable data objects of {@code file} (mapped at {@code mapStart}) whose mangled name
   * {@code wanted} accepts (tested only on names of 4- and 8-byte objects starting {@code _Z}),
   * with their addresses in this process.
   */
  static List<DataSymbol> dataSymbols(
      Path file, long mapStart, List<Mapping> mappings, Predicate<String> wanted)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Elf elf = Elf.read(ch, mapStart);
      if (elf == null) {
        return List.of();
      }
      List<DataSymbol> found = new ArrayList<>();
      for (DataSymbol s : elf.objects(ch, wanted)) {
        if (writable(s.address(), (int) s.size(), mappings)) {
          found.add(s);
        }
      }
      return found;
    }
  }

  private static boolean writable(long address, int size, List<Mapping> mappings) {
    for (Mapping m : mappings) {
      if (m.holds(address, size)) {
        return m.perms().startsWith("rw");
      }
    }
    return false;
  }

  /** A JavaCPP pointer to {@code where} in this process. */
  static Pointer at(long where) {
    return new Pointer() {
      {
        // Pointer's own (protected) field; a parameter of the same name would be shadowed by it
        address = where;
      }
    };
  }

  /** The parts of a 64-bit little-endian ELF file needed to find its data objects. */
  private record Elf(long bias, MappedByteBuffer sections, int sectionSize, int sectionCount) {

    /** The file's layout, or null when it is no such ELF file or is not the one mapped there. */
    static Elf read(FileChannel ch, long mapStart) throws IOException {
      MappedByteBuffer h = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64);
      h.order(ByteOrder.LITTLE_ENDIAN);
      if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
        return null;
      }
      BytePointer mapped = new BytePointer(at(mapStart));
      for (int i = 0; i < 64; i++) {
        if (mapped.get(i) != h.get(i)) {
          return null; // another file is mapped there
        }
      }
      long bias = loadBias(ch, h, mapStart);
      if (bias == Long.MIN_VALUE) {
        return null;
      }
      int shentsize = h.getShort(0x3a) & 0xffff;
      int shnum = h.getShort(0x3c) & 0xffff;
      MappedByteBuffer sh =
          ch.map(FileChannel.MapMode.READ_ONLY, h.getLong(0x28), (long) shentsize * shnum);
      sh.order(ByteOrder.LITTLE_ENDIAN);
      return new Elf(bias, sh, shentsize, shnum);
    }

    /** Where the file's first loadable segment (file offset 0) lies in this process. */
    private static long loadBias(FileChannel ch, MappedByteBuffer h, long mapStart)
        throws IOException {
      int phentsize = h.getShort(0x36) & 0xffff;
      int phnum = h.getShort(0x38) & 0xffff;
      MappedByteBuffer ph =
          ch.map(FileChannel.MapMode.READ_ONLY, h.getLong(0x20), (long) phentsize * phnum);
      ph.order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < phnum; i++) {
        int o = i * phentsize;
        if (ph.getInt(o) == 1 && ph.getLong(o + 8) == 0) { // PT_LOAD at file offset 0
          return mapStart - (ph.getLong(o + 16) & ~0xfffL);
        }
      }
      return Long.MIN_VALUE;
    }

    /** The {@code SHT_SYMTAB} section's index, or -1 (a stripped file). */
    private int symbolTable() {
      for (int i = 0; i < sectionCount; i++) {
        if (sections.getInt(i * sectionSize + 4) == 2) {
          return i;
        }
      }
      return -1;
    }

    private boolean writableSection(int index) {
      return index > 0
          && index < sectionCount
          && (sections.getLong(index * sectionSize + 8) & 1) != 0; // SHF_WRITE
    }

    /** The 4- and 8-byte data objects in writable sections whose name {@code wanted} accepts. */
    List<DataSymbol> objects(FileChannel ch, Predicate<String> wanted) throws IOException {
      int symtab = symbolTable();
      if (symtab < 0) {
        return List.of();
      }
      int so = symtab * sectionSize;
      long symSize = sections.getLong(so + 32);
      int strIndex = sections.getInt(so + 40);
      long strSize = sections.getLong(strIndex * sectionSize + 32);
      if (symSize > Integer.MAX_VALUE || strSize > Integer.MAX_VALUE) {
        return List.of();
      }
      long[] syms = new long[(int) (symSize / 24) * 3]; // an Elf64_Sym is 3 longs
      ch.map(FileChannel.MapMode.READ_ONLY, sections.getLong(so + 24), symSize)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asLongBuffer()
          .get(syms);
      MappedByteBuffer names =
          ch.map(
              FileChannel.MapMode.READ_ONLY,
              sections.getLong(strIndex * sectionSize + 24),
              strSize);
      List<DataSymbol> found = new ArrayList<>();
      for (int i = 0; i < syms.length; i += 3) {
        long info = syms[i];
        long size = syms[i + 2];
        boolean object = ((info >>> 32) & 0xf) == 1; // STT_OBJECT
        if (!object || (size != 4 && size != 8) || !writableSection((int) (info >>> 48))) {
          continue;
        }
        String name = name(names, (int) info, strSize);
        if (name != null && wanted.test(name)) {
          found.add(new DataSymbol(name, size, bias + syms[i + 1]));
        }
      }
      return found;
    }

    /** The mangled name at {@code offset}, or null when it is not a short C++ name. */
    private static String name(MappedByteBuffer names, int offset, long size) {
      if (offset <= 0
          || offset + 2 >= size
          || names.get(offset) != '_'
          || names.get(offset + 1) != 'Z') {
        return null;
      }
      byte[] b = new byte[96];
      int len = 0;
      while (len < b.length && offset + len < size && names.get(offset + len) != 0) {
        b[len] = names.get(offset + len);
        len++;
      }
      return len == b.length ? null : new String(b, 0, len, StandardCharsets.US_ASCII);
    }
  }
}
