Console.WriteLine("Studio benchmarks: see docs/benchmarks.md");
