"""Reading the directory of an OLE2 compound file (Microsoft's Compound File Binary format,
[MS-CFB]) — the container of the legacy Word and Excel files (``.doc``, ``.xls``) and of
their WPS Office counterparts (``.wps``, ``.et``), and of a password-protected DOCX or XLSX.

Only what the content check needs: the names of the root storage's streams and storages,
and the first bytes of one stream. Every sector number, chain and count is checked against
the file's size, and every chain is followed at most once round, so a crafted file ends in
``CompoundFileError``, never in a loop or a huge read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import IO

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_MAX_REGULAR = 0xFFFFFFFA
_NO_STREAM = 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5


class CompoundFileError(ValueError):
    """The file is not a well-formed compound file."""


@dataclass(frozen=True)
class Entry:
    name: str
    kind: int
    start: int
    size: int
    #: The entry's siblings and first child in the directory's tree (indexes, or none).
    left: int = _NO_STREAM
    right: int = _NO_STREAM
    child: int = _NO_STREAM

    @property
    def is_stream(self) -> bool:
        return self.kind == _STREAM


class CompoundFile:
    """The directory of a compound file read from ``stream`` (a binary file object)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        stream.seek(0, 2)
        self._length = stream.tell()
        header = self._read_at(0, 512)
        if len(header) < 512 or header[:8] != SIGNATURE:
            raise CompoundFileError("not a compound file")
        (major, byte_order, sector_shift, mini_shift) = struct.unpack_from("<HHHH", header, 26)
        if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
            raise CompoundFileError("unknown header")
        self._sector_size = 1 << sector_shift
        (fat_sectors, self._first_directory, _transaction, self._mini_cutoff,
         self._first_mini_fat, mini_fat_sectors, first_difat, difat_sectors) = struct.unpack_from(
            "<IIIIIIII", header, 44
        )
        size = self._sector_size  # the header takes the place of one sector
        self._sector_count = max(0, (self._length - size + size - 1) // size)
        if fat_sectors > self._sector_count or difat_sectors > self._sector_count:
            raise CompoundFileError("impossible counts")
        self._fat = self._read_fat(header, fat_sectors, first_difat)
        self._mini_fat_sectors = mini_fat_sectors
        self._entries = self._read_directory()

    # Sectors and chains ---------------------------------------------------------------

    def _read_at(self, offset: int, size: int) -> bytes:
        self._stream.seek(offset)
        return self._stream.read(size)

    def _sector(self, number: int) -> bytes:
        if number >= self._sector_count:
            raise CompoundFileError("sector beyond the end of the file")
        data = self._read_at((number + 1) * self._sector_size, self._sector_size)
        return data.ljust(self._sector_size, b"\0")  # a last sector written short

    def _read_fat(self, header: bytes, fat_sectors: int, first_difat: int) -> list[int]:
        locations = list(struct.unpack_from("<109I", header, 76))
        per_sector = self._sector_size // 4
        difat, seen = first_difat, set()
        while difat not in (_END_OF_CHAIN, _FREE) and len(locations) < fat_sectors + per_sector:
            if difat in seen or difat > _MAX_REGULAR:
                raise CompoundFileError("bad DIFAT chain")
            seen.add(difat)
            values = struct.unpack(f"<{per_sector}I", self._sector(difat))
            locations.extend(values[:-1])
            difat = values[-1]
        locations = locations[:fat_sectors]
        if any(location > _MAX_REGULAR for location in locations):
            raise CompoundFileError("missing FAT sector")
        fat: list[int] = []
        for location in locations:
            fat.extend(struct.unpack(f"<{per_sector}I", self._sector(location)))
        return fat

    def _chain(self, start: int, table: list[int], limit: int) -> list[int]:
        """The sector numbers of the chain from ``start`` in ``table``, at most ``limit``."""
        chain, seen, current = [], set(), start
        while current != _END_OF_CHAIN and len(chain) < limit:
            if current >= len(table) or current in seen:
                raise CompoundFileError("broken chain")
            seen.add(current)
            chain.append(current)
            current = table[current]
        return chain

    def _read_directory(self) -> list[Entry | None]:
        entries: list[Entry | None] = []
        for number in self._chain(self._first_directory, self._fat, self._sector_count):
            data = self._sector(number)
            for offset in range(0, len(data), 128):
                raw = data[offset:offset + 128]
                if len(raw) < 128:
                    break
                name_length, kind = struct.unpack_from("<HB", raw, 64)
                left, right, child = struct.unpack_from("<III", raw, 68)
                start, size = struct.unpack_from("<IQ", raw, 116)
                if kind not in (_STORAGE, _STREAM, _ROOT) or not 2 <= name_length <= 64:
                    entries.append(None)
                    continue
                name = raw[:name_length - 2].decode("utf-16-le", errors="replace")
                entries.append(Entry(name, kind, start, size, left, right, child))
        if not entries or entries[0] is None or entries[0].kind != _ROOT:
            raise CompoundFileError("no root entry")
        return entries

    # What the content check asks --------------------------------------------------------

    def root_entries(self) -> dict[str, Entry]:
        """The streams and storages directly in the root storage, by name (lower case)."""
        found: dict[str, Entry] = {}
        pending, seen = [self._entries[0].child], set()
        while pending:
            index = pending.pop()
            if index == _NO_STREAM:
                continue
            entry = self._entries[index] if index < len(self._entries) else None
            if entry is None or index in seen:
                raise CompoundFileError("bad directory tree")
            seen.add(index)
            found[entry.name.lower()] = entry
            pending.extend((entry.left, entry.right))
        return found

    def read_stream_head(self, entry: Entry, size: int) -> bytes:
        """The first ``size`` bytes of the stream ``entry`` (fewer if the stream is shorter)."""
        wanted = min(size, entry.size)
        if entry.size < self._mini_cutoff:
            return self._read_mini(entry.start, wanted)
        sectors = self._chain(entry.start, self._fat, wanted // self._sector_size + 1)
        data = b"".join(self._sector(number) for number in sectors)
        return data[:wanted]

    def _read_mini(self, start: int, wanted: int) -> bytes:
        if wanted == 0:
            return b""
        mini_fat: list[int] = []
        per_sector = self._sector_size // 4
        for number in self._chain(self._first_mini_fat, self._fat, self._mini_fat_sectors):
            mini_fat.extend(struct.unpack(f"<{per_sector}I", self._sector(number)))
        root = self._entries[0]
        container = self._chain(root.start, self._fat, self._sector_count)
        per_container = self._sector_size // 64
        data = bytearray()
        for mini in self._chain(start, mini_fat, wanted // 64 + 1):
            sector_index, within = divmod(mini, per_container)
            if sector_index >= len(container):
                raise CompoundFileError("mini sector beyond the mini stream")
            sector = self._sector(container[sector_index])
            data += sector[within * 64:(within + 1) * 64]
        return bytes(data[:wanted])
