using Rxws;

// With no arguments, rxws runs its demo: an echo server on 127.0.0.1 and a client talking to it.
return await Demo.RunAsync(Console.Out, CancellationToken.None).ConfigureAwait(false);
