namespace EmotionRecognition.WebDemo.Files;

/// <summary>An upload over <see cref="Hosting.WebDemoOptions.MaxUploadBytes"/> or <see cref="Hosting.WebDemoOptions.MaxUploadSeconds"/>.</summary>
internal sealed class UploadTooLargeException(string message) : Exception(message);
