using System.CommandLine;
var root = new RootCommand("test");
var file = new Argument<string[]>("files");
var cmd = new Command("info", "x") { file };
cmd.SetAction(pr => { foreach (var f in pr.GetValue(file)!) Console.WriteLine(f); return 0; });
root.Subcommands.Add(cmd);
return root.Parse(args).Invoke();
