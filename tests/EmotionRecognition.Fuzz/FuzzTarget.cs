namespace EmotionRecognition.Fuzz;

/// <summary>
/// One thing to fuzz: its seed inputs, a format-aware mutator, the product code an input goes through, and which exceptions
/// are the documented way for that code to refuse an input.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The targets, by the name <c>--target</c> takes.</summary>
    public static IReadOnlyList<string> Names { get; } = ["wav", "flac", "model", "graph", "zip", "ffmpeg"];

    /// <summary>The target called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static FuzzTarget Create(string name) => name switch
    {
        "wav" => new AudioTarget("wav", ".wav", Seeds.Wav, WavMutations.Mutate),
        "flac" => new AudioTarget("flac", ".flac", Seeds.Flac, FlacMutations.Mutate),
        "model" => new ModelTarget(),
        "graph" => new ModelTarget("graph", HostileModelMutations.Graph),
        "zip" => new ModelTarget("zip", HostileModelMutations.Zip, inflation: 512L << 20),
        "ffmpeg" => new FfmpegTarget(),
        _ => throw new ArgumentException($"unknown fuzz target '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };

    public abstract string Name { get; }

    /// <summary>The file extension findings are saved with.</summary>
    public abstract string Extension { get; }

    /// <summary>Valid inputs the mutations start from, by name.</summary>
    public abstract IReadOnlyList<(string Name, byte[] Bytes)> LoadSeeds();

    public abstract byte[] Mutate(byte[] parent, Random rng, IReadOnlyList<byte[]> donors);

    /// <summary>
    /// Runs the product on <paramref name="input"/>. Returns when the input was accepted and its output is sane; throws the
    /// product's exception when it refused it, and <see cref="FuzzOracleException"/> when it accepted it but gave garbage.
    /// </summary>
    public abstract void Execute(byte[] input);

    /// <summary>Whether <paramref name="e"/> is a documented refusal rather than a bug.</summary>
    public abstract bool IsDocumented(Exception e);

    /// <summary>The most managed memory one input may cost: a fixed allowance plus a multiple of the bytes actually given.</summary>
    public virtual long AllocationBound(int inputLength) => (64L << 20) + 16L * inputLength;

    /// <summary>
    /// The most the process's peak resident memory (<see cref="NativeMemory"/>) may grow while one input runs: native memory too,
    /// which the allocation bound cannot see. Generous: the garbage collector's heap and ONNX Runtime's arenas grow in steps.
    /// </summary>
    public virtual long ResidentGrowthBound(int inputLength) => (512L << 20) + 16L * inputLength;

    /// <summary>How long one input may take before it counts as a hang (generous: CI machines are shared and slow).</summary>
    public virtual TimeSpan Deadline => TimeSpan.FromSeconds(20);
}

/// <summary>Thrown by a target when the product accepted an input but produced output that breaks its contract.</summary>
public sealed class FuzzOracleException(string message) : Exception(message);
