# Writes the tags ffmpeg cannot: multi-value tags, MP4 free-form atoms, the ID3 MusicBrainz UFID
# frame, ASF pictures. Reads a JSON list of operations on stdin (see MutagenOp in audioTools.ts).
# (Not named mutagen.py: the script's folder comes first on sys.path, and it would import itself.)
import sys, json
ops = json.load(sys.stdin)
for op in ops:
    fam = op['family']
    if fam == 'id3':
        from mutagen.id3 import ID3, TXXX, UFID, Frames
        if op['file'].lower().endswith(('.aif', '.aiff')):
            from mutagen.aiff import AIFF
            holder = AIFF(op['file'])
            if holder.tags is None:
                holder.add_tags()
            tags = holder.tags
        else:
            holder = None
            try:
                tags = ID3(op['file'])
            except Exception:
                tags = ID3()
        for key, values in op['set']:
            if key.startswith('UFID:'):
                owner = key[5:]
                tags.delall('UFID:' + owner)
                tags.add(UFID(owner=owner, data=values[0].encode('utf-8')))
            elif key.startswith('TXXX:'):
                desc = key[5:]
                tags.delall('TXXX:' + desc)
                tags.add(TXXX(encoding=3, desc=desc, text=values))
            else:
                tags.delall(key)
                tags.add(Frames[key](encoding=3, text=values))
        if holder is not None:
            holder.save(v2_version=4)
        else:
            tags.save(op['file'], v2_version=4)
    elif fam == 'mp4':
        from mutagen.mp4 import MP4, MP4FreeForm
        f = MP4(op['file'])
        if f.tags is None:
            f.add_tags()
        src = op.get('copyFreeformFrom')
        if src:
            old = MP4(src)
            for k, v in (old.tags or {}).items():
                if k.startswith('----:'):
                    f.tags[k] = v
        for key, values in op['set']:
            if key.startswith('----:'):
                f.tags[key] = [MP4FreeForm(v.encode('utf-8')) for v in values]
            else:
                f.tags[key] = values
        f.save()
    elif fam == 'vorbis':
        import mutagen
        f = mutagen.File(op['file'])
        for key, values in op['set']:
            f[key] = values
        f.save()
    elif fam == 'asf':
        import struct
        from mutagen.asf import ASF, ASFBoolAttribute, ASFByteArrayAttribute
        f = ASF(op['file'])
        for key, values in op['set']:
            if key.startswith('bool:'):
                f[key[5:]] = [ASFBoolAttribute(v not in ('', '0', 'false')) for v in values]
            else:
                f[key] = values
        pic = op.get('picture')
        if pic:
            data = open(pic, 'rb').read()
            blob = struct.pack('<BI', 3, len(data)) + 'image/jpeg'.encode('utf-16-le') + b'\0\0' + b'\0\0' + data
            f['WM/Picture'] = [ASFByteArrayAttribute(blob)]
        f.save()
