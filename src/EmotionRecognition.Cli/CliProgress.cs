using EmotionRecognition.Data;
using EmotionRecognition.Training;
using Spectre.Console;

namespace EmotionRecognition.Cli;

/// <summary>
/// Shows <see cref="TrainingProgress"/>: Spectre.Console progress bars on an interactive console, plain lines otherwise (tests,
/// CI, redirected output), so logs stay readable.
/// </summary>
internal static class CliProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress sink suited to <paramref name="output"/>.</summary>
    internal static T Run<T>(TextWriter output, Func<IProgress<TrainingProgress>, T> work)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
            return work(new PlainLines(output));
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context => work(new Bars(context)));
    }

    /// <summary>Forwards an extraction's progress as a named task.</summary>
    internal static IProgress<ExtractionProgress> Extraction(IProgress<TrainingProgress> sink, string task) => new ExtractionRelay(sink, task);

    private sealed class ExtractionRelay(IProgress<TrainingProgress> sink, string task) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => sink.Report(new TrainingProgress(task, value.Done, value.Total, $"{value.FromCache} rows from cache"));
    }

    private sealed class PlainLines(TextWriter output) : IProgress<TrainingProgress>
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, int> _lastTenth = [];

        public void Report(TrainingProgress value)
        {
            lock (_lock)
            {
                if (value.Total == 0)
                {
                    output.WriteLine($"{value.Task}: {value.Detail}");
                    return;
                }
                // Extraction reports every clip; a line per tenth is enough for a log.
                var tenth = value.Done * 10 / value.Total;
                var isEpoch = value.Task.EndsWith("epochs", StringComparison.Ordinal);
                if (!isEpoch && _lastTenth.TryGetValue(value.Task, out var last) && last >= tenth) return;
                _lastTenth[value.Task] = tenth;
                output.WriteLine(isEpoch ? $"{value.Task}: {value.Detail}" : $"{value.Task}: {value.Done}/{value.Total} ({value.Detail})");
            }
        }
    }

    private sealed class Bars(ProgressContext context) : IProgress<TrainingProgress>
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(TrainingProgress value)
        {
            lock (_lock)
            {
                if (value.Total == 0)
                {
                    AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(value.Task)}:[/] {Markup.Escape(value.Detail ?? "")}");
                    return;
                }
                if (!_tasks.TryGetValue(value.Task, out var task))
                    _tasks[value.Task] = task = context.AddTask(Markup.Escape(value.Task), maxValue: value.Total);
                task.Value = value.Done;
                if (value.Task.EndsWith("epochs", StringComparison.Ordinal) && value.Detail is { } detail)
                    AnsiConsole.MarkupLine(Markup.Escape($"{value.Task}: {detail}"));
            }
        }
    }
}
