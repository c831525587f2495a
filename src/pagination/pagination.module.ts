import { Global, Module } from '@nestjs/common';
import { ConfiguredCursorCodec, CursorCodec } from './cursor-codec';

/** The one cursor codec, for every list of every module. */
@Global()
@Module({
  providers: [{ provide: CursorCodec, useClass: ConfiguredCursorCodec }],
  exports: [CursorCodec],
})
export class PaginationModule {}
