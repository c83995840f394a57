namespace EmotionRecognition.TestData;

/// <summary>A fact that skips, saying why and how to enable it, where the machine lacks one of its requirements.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresFactAttribute : FactAttribute
{
    /// <param name="needs">What the test needs from the machine.</param>
    public RequiresFactAttribute(params Requirement[] needs) => Skip = Requirements.SkipReason(needs);
}

/// <summary>A theory that skips, saying why and how to enable it, where the machine lacks one of its requirements.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    /// <param name="needs">What the test needs from the machine.</param>
    public RequiresTheoryAttribute(params Requirement[] needs) => Skip = Requirements.SkipReason(needs);
}
