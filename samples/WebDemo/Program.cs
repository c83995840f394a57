// The live web demo: `dotnet run --project samples/WebDemo`, then open http://localhost:5080.
// Settings (limits, model, window) are in appsettings.json under "WebDemo"; see docs/web-demo.md.
using EmotionRecognition.WebDemo.Hosting;

var app = WebDemoApp.Create(args);
await app.RunAsync();
