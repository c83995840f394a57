using EmotionRecognition.Cli;

return EmotionCli.Run(args, Console.Out, Console.Error);
