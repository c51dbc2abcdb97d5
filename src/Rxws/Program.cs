using System.Runtime.InteropServices;
using System.Text;
using Rxws;

// SIGINT (Ctrl+C) and SIGTERM cancel the shutdown token instead of killing the process: serve closes its
// connections with 1001 and exits 0, connect closes as at the end of input.
using var shutdown = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

// Read standard input as a stream rather than through Console.In, whose ReadLineAsync blocks the caller:
// connect must be able to end while a read is still pending.
using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
var error = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
return await RxwsApp.RunAsync(args, input, output, error, shutdown.Token).ConfigureAwait(false);
