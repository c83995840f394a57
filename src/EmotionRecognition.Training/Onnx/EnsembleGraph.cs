using EmotionRecognition.Onnx.Proto;

namespace EmotionRecognition.Onnx;

/// <summary>
/// Graph surgery on ensembles as <see cref="OnnxExporter"/> writes them: one input, members that each end in
/// their own probabilities, and a final <c>Mean</c> over them. A graph without that <c>Mean</c> is one member.
/// </summary>
internal static class EnsembleGraph
{
    private const string MeanNode = "/ensemble/mean";

    /// <summary>The values the final <c>Mean</c> averages, in order; the output alone for a single model.</summary>
    public static IReadOnlyList<string> Members(GraphProto graph)
    {
        var output = SingleOutput(graph);
        return FinalMean(graph, output) is { } mean ? mean.Input.ToArray() : [output];
    }

    /// <summary>
    /// One flat ensemble of every member of every graph: each graph's values are renamed under its own prefix, and one <c>Mean</c>
    /// averages all members, so a graph of five members weighs five times a single model.
    /// </summary>
    /// <exception cref="ArgumentException">The graphs differ in input or output names, or one has several inputs or outputs.</exception>
    public static ModelProto Combine(IReadOnlyList<ModelProto> models)
    {
        var first = models[0];
        var input = SingleInput(first.Graph);
        var output = SingleOutput(first.Graph);
        var graph = new GraphProto { Name = first.Graph.Name };
        graph.Input.Add(first.Graph.Input[0].Clone());
        graph.Output.Add(first.Graph.Output[0].Clone());
        var members = new List<string>();
        for (var i = 0; i < models.Count; i++)
        {
            var source = models[i].Graph;
            if (SingleInput(source) != input || SingleOutput(source) != output)
                throw new ArgumentException($"Model {i + 1} reads '{SingleInput(source)}' and writes '{SingleOutput(source)}'; model 1 reads '{input}' and writes '{output}'.", nameof(models));
            var prefix = $"model{i}/";
            string Rename(string name) => name.Length == 0 || name == input ? name : prefix + name;
            var mean = FinalMean(source, output);
            foreach (var node in source.Node.Where(n => n != mean))
                graph.Node.Add(Renamed(node, prefix, Rename));
            foreach (var tensor in source.Initializer)
            {
                var copy = tensor.Clone();
                copy.Name = Rename(copy.Name);
                graph.Initializer.Add(copy);
            }
            members.AddRange(Members(source).Select(Rename));
        }
        graph.Node.Add(MeanOf(members, output));
        var combined = first.Clone();
        combined.Graph = graph;
        combined.IrVersion = models.Max(m => m.IrVersion);
        return combined;
    }

    /// <summary>The graph with only the chosen members (0-based, as <see cref="Members"/> lists them) and what they need.</summary>
    /// <exception cref="ArgumentException">No member chosen, one out of range, or one chosen twice.</exception>
    public static ModelProto Keep(ModelProto model, IReadOnlyList<int> chosen)
    {
        var members = Members(model.Graph);
        if (chosen.Count == 0 || chosen.Any(i => i < 0 || i >= members.Count) || chosen.Distinct().Count() != chosen.Count)
            throw new ArgumentException($"Choose distinct members between 1 and {members.Count}.", nameof(chosen));
        var output = SingleOutput(model.Graph);
        var kept = model.Clone();
        var graph = kept.Graph;
        if (FinalMean(graph, output) is not { } mean)
            return kept;
        graph.Node.Remove(mean);
        graph.Node.Add(MeanOf(chosen.Select(i => members[i]), output));
        Prune(graph);
        return kept;
    }

    // Nodes and initializers the output does not depend on go, walking back from the output in one reverse pass (nodes are topologically sorted).
    private static void Prune(GraphProto graph)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal) { SingleOutput(graph) };
        var keep = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (!node.Output.Any(needed.Contains)) continue;
            keep.Add(node);
            needed.UnionWith(node.Input.Where(i => i.Length > 0));
        }
        keep.Reverse();
        graph.Node.Clear();
        graph.Node.Add(keep);
        var initializers = graph.Initializer.Where(t => needed.Contains(t.Name)).ToArray();
        graph.Initializer.Clear();
        graph.Initializer.Add(initializers);
    }

    private static NodeProto Renamed(NodeProto node, string prefix, Func<string, string> rename)
    {
        if (node.Attribute.Any(a => a.Type == AttributeProto.Types.AttributeType.Graph))
            throw new NotSupportedException($"Node '{node.Name}' ({node.OpType}) holds a subgraph; only flat graphs are combined.");
        var copy = node.Clone();
        copy.Name = prefix + copy.Name;
        for (var i = 0; i < copy.Input.Count; i++) copy.Input[i] = rename(copy.Input[i]);
        for (var i = 0; i < copy.Output.Count; i++) copy.Output[i] = rename(copy.Output[i]);
        return copy;
    }

    private static NodeProto MeanOf(IEnumerable<string> members, string output)
    {
        var node = new NodeProto { OpType = "Mean", Name = MeanNode };
        node.Input.Add(members);
        node.Output.Add(output);
        return node;
    }

    private static NodeProto? FinalMean(GraphProto graph, string output) =>
        graph.Node.LastOrDefault(n => n.Output.Contains(output)) is { OpType: "Mean" } mean ? mean : null;

    private static string SingleInput(GraphProto graph)
    {
        var inputs = graph.Input.Select(i => i.Name).Except(graph.Initializer.Select(t => t.Name)).ToArray();
        return inputs.Length == 1 ? inputs[0] : throw new ArgumentException($"An ensemble member reads one input; this graph reads {inputs.Length}.");
    }

    private static string SingleOutput(GraphProto graph) =>
        graph.Output.Count == 1 ? graph.Output[0].Name : throw new ArgumentException($"An ensemble member writes one output; this graph writes {graph.Output.Count}.");
}
