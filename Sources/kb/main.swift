import KBCommands

KB.run()
