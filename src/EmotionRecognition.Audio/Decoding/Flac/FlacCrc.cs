namespace EmotionRecognition.Audio;

/// <summary>The two checksums of a FLAC frame: CRC-8 over the header, CRC-16 over the whole frame (RFC 9639 §9.1.8, §9.3).</summary>
internal static class FlacCrc
{
    private static readonly byte[] Crc8Table = BuildTable8();
    // Slicing-by-8: table k (entries k*256..k*256+255) is the CRC of a byte followed by k zero bytes, so eight
    // bytes fold in with eight independent look-ups instead of a chain of eight dependent ones.
    private static readonly ushort[] Crc16Tables = BuildTables16();

    /// <summary>CRC-8, polynomial x^8 + x^2 + x + 1, initial value 0, no reflection.</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        var table = Crc8Table;
        byte crc = 0;
        foreach (var b in data) crc = table[crc ^ b];
        return crc;
    }

    /// <summary>CRC-16, polynomial x^16 + x^15 + x^2 + 1, initial value 0, no reflection.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        var t = Crc16Tables;
        uint crc = 0;
        while (data.Length >= 8)
        {
            crc = (uint)(t[7 * 256 + (data[0] ^ (crc >> 8))] ^ t[6 * 256 + (data[1] ^ (crc & 0xFF))]
                ^ t[5 * 256 + data[2]] ^ t[4 * 256 + data[3]] ^ t[3 * 256 + data[4]]
                ^ t[2 * 256 + data[5]] ^ t[256 + data[6]] ^ t[data[7]]);
            data = data[8..];
        }
        foreach (var b in data) crc = ((crc << 8) ^ t[(crc >> 8) ^ b]) & 0xFFFF;
        return (ushort)crc;
    }

    private static byte[] BuildTable8()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1;
            table[i] = (byte)crc;
        }
        return table;
    }

    private static ushort[] BuildTables16()
    {
        var table = new ushort[8 * 256];
        for (var i = 0; i < 256; i++)
        {
            var crc = i << 8;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x8005 : crc << 1;
            table[i] = (ushort)crc;
        }
        for (var k = 1; k < 8; k++)
            for (var i = 0; i < 256; i++)
            {
                int previous = table[(k - 1) * 256 + i];
                table[k * 256 + i] = (ushort)((previous << 8) ^ table[previous >> 8]);
            }
        return table;
    }
}
