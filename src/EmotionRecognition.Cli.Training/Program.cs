using EmotionRecognition.Cli;

return TrainingCli.Run(args, Console.Out, Console.Error);
