/*
 * The block in the editor, with no build step: WordPress's globals, no JSX. The content is
 * rendered on the server (ServerSideRender); the sidebar edits the three options. Its strings
 * are translated from languages/*.json (wp_set_script_translations() in Challenge_Form).
 */
( function ( wp ) {
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var InspectorControls = ( wp.blockEditor || wp.editor ).InspectorControls;
	var useBlockProps = ( wp.blockEditor || {} ).useBlockProps;
	var PanelBody = wp.components.PanelBody;
	var TextControl = wp.components.TextControl;
	var ServerSideRender = wp.serverSideRender;

	function field( props, key, label, help ) {
		return el( TextControl, {
			// The look WordPress 6.8 asks for (no deprecation warning); older versions ignore them.
			__next40pxDefaultSize: true,
			__nextHasNoMarginBottom: true,
			label: label,
			help: help,
			value: props.attributes[ key ],
			onChange: function ( value ) {
				var change = {};
				change[ key ] = value;
				props.setAttributes( change );
			},
		} );
	}

	wp.blocks.registerBlockType( 'authsignal/whatsapp-challenge', {
		edit: function ( props ) {
			var blockProps = useBlockProps ? useBlockProps() : {};
			return el(
				'div',
				blockProps,
				el(
					InspectorControls,
					null,
					el(
						PanelBody,
						{ title: __( 'WhatsApp verification', 'authsignal-whatsapp-challenge' ) },
						field( props, 'action', __( 'Action code', 'authsignal-whatsapp-challenge' ), __( 'Empty: the one in the settings.', 'authsignal-whatsapp-challenge' ) ),
						field( props, 'redirect', __( 'Redirect after verification', 'authsignal-whatsapp-challenge' ), __( 'Empty: back to this page.', 'authsignal-whatsapp-challenge' ) ),
						field( props, 'lang', __( 'Language', 'authsignal-whatsapp-challenge' ), __( 'Empty: the site language.', 'authsignal-whatsapp-challenge' ) )
					)
				),
				el( ServerSideRender, { block: 'authsignal/whatsapp-challenge', attributes: props.attributes } )
			);
		},
		save: function () {
			return null;
		},
	} );
} )( window.wp );
