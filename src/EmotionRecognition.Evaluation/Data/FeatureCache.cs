using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EmotionRecognition.Data;

/// <summary>
/// Feature vectors on disk, keyed by what determines them: the audio file's content (SHA-256), the feature spec, the augmentation
/// and its random seed. A file's path plays no part, so a moved or copied corpus still hits.
/// </summary>
/// <remarks>
/// Entries are written to a temporary file and renamed into place, so a reader never sees half an entry, and every entry carries
/// the SHA-256 of its values: a damaged entry is recomputed, never trusted. Safe to share between threads and processes.
/// </remarks>
public sealed class FeatureCache
{
    private static readonly byte[] Magic = "ERFC"u8.ToArray();
    private const int HeaderBytes = 8;
    private const int ChecksumBytes = 32;

    /// <summary>Opens (and creates if needed) a cache folder.</summary>
    /// <param name="directory">The folder; <see cref="DefaultDirectory"/> when null.</param>
    /// <exception cref="ArgumentException">The path names a file, not a folder.</exception>
    public FeatureCache(string? directory = null)
    {
        Directory = Path.GetFullPath(directory ?? DefaultDirectory);
        // Found now, before a training run, rather than as an IOException at the first cached row.
        if (File.Exists(Directory))
            throw new ArgumentException($"{Directory} is a file; the feature cache needs a folder.", nameof(directory));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary><c>$XDG_CACHE_HOME/emotion-recognition/features</c>, else the user's <c>~/.cache/emotion-recognition/features</c>.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "emotion-recognition", "features");
        }
    }

    /// <summary>The SHA-256 of a file's content, lower-case hex.</summary>
    internal static string ContentHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The entry name for everything that decides a vector.</summary>
    internal static string Key(string contentHash, string specJson, string augmentation) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{contentHash}\n{specJson}\n{augmentation}")));

    /// <summary>The entry's file (folders by the first two hex digits keep directories small).</summary>
    internal string PathOf(string key) => Path.Combine(Directory, key[..2], key + ".bin");

    /// <summary>Reads an entry of <paramref name="length"/> values; false when it is missing or damaged.</summary>
    internal bool TryRead(string key, int length, out float[] values)
    {
        values = [];
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(PathOf(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
        var payloadBytes = length * sizeof(float);
        if (bytes.Length != HeaderBytes + payloadBytes + ChecksumBytes
            || !bytes.AsSpan(0, 4).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != length)
            return false;
        var payload = bytes.AsSpan(HeaderBytes, payloadBytes);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(HeaderBytes + payloadBytes)))
            return false;
        values = MemoryMarshal.Cast<byte, float>(payload).ToArray();
        return true;
    }

    /// <summary>Stores an entry atomically (temporary file, then rename).</summary>
    internal void Write(string key, ReadOnlySpan<float> values)
    {
        var payload = MemoryMarshal.AsBytes(values);
        var bytes = new byte[HeaderBytes + payload.Length + ChecksumBytes];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), values.Length);
        payload.CopyTo(bytes.AsSpan(HeaderBytes));
        SHA256.HashData(payload, bytes.AsSpan(HeaderBytes + payload.Length));
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IO.AtomicFile.Write(path, (string temporary) => File.WriteAllBytes(temporary, bytes), durable: false);
    }
}
